namespace PrivacyShare.Releases.Manifest;

/// <summary>A Table Schema field; a dimension's carries its declared domain as an enum constraint.</summary>
internal sealed class ManifestField
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Description { get; set; }

    public ManifestConstraints? Constraints { get; set; }
}
