namespace PrivacyShare.Releases.Manifest;

/// <summary>One file of the release: its name, path, profile, format, byte count and sha256, and a Table Schema for a table.</summary>
internal sealed class ManifestResource
{
    public string? Name { get; set; }

    public string? Path { get; set; }

    public string? Profile { get; set; }

    public string? Title { get; set; }

    public string? Format { get; set; }

    public string? Mediatype { get; set; }

    public string? Encoding { get; set; }

    public long? Bytes { get; set; }

    /// <summary><c>sha256:</c> and the file's hash in lower-case hex.</summary>
    public string? Hash { get; set; }

    public ManifestSchema? Schema { get; set; }
}
