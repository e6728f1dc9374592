namespace PrivacyShare.Releases.Manifest;

/// <summary>A contributor of a data package: the publisher.</summary>
internal sealed class ManifestContributor
{
    public string? Title { get; set; }

    public string? Role { get; set; }
}
