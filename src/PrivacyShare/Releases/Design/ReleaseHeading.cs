using PrivacyShare.Records;

namespace PrivacyShare.Releases.Design;

/// <summary>What names a release and its period: the parts of a design that are not about privacy.</summary>
internal sealed record ReleaseHeading(string Dataset, string Title, string Publisher, string? Version, ArrestMonth From, ArrestMonth To);
