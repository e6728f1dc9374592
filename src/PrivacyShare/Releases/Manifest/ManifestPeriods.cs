namespace PrivacyShare.Releases.Manifest;

/// <summary>Consecutive months, both included, as <c>yyyy-MM</c>.</summary>
internal sealed class ManifestPeriods
{
    public string? From { get; set; }

    public string? To { get; set; }
}
