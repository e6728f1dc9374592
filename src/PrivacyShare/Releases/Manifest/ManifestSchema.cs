using System.Text.Json.Serialization;

namespace PrivacyShare.Releases.Manifest;

/// <summary>A Table Schema: the fields in column order and, for a published table, its dimensions as primary key.</summary>
internal sealed class ManifestSchema
{
    public List<ManifestField>? Fields { get; set; }

    [JsonPropertyName("primaryKey")]
    public List<string>? PrimaryKey { get; set; }
}
