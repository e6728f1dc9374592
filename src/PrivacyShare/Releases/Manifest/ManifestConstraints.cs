using System.Text.Json.Serialization;

namespace PrivacyShare.Releases.Manifest;

/// <summary>A dimension field's constraints: required, and one of the declared domain's values, so a verifier can check from the package alone that every cell is present exactly once.</summary>
internal sealed class ManifestConstraints
{
    public bool? Required { get; set; }

    [JsonPropertyName("enum")]
    public List<string>? Enum { get; set; }
}
