namespace PrivacyShare.Releases.Manifest;

/// <summary>The months a release counts: <c>temporalCoverage</c>, yyyy-MM.</summary>
internal sealed class ManifestCoverage
{
    public string? Start { get; set; }

    public string? End { get; set; }
}
