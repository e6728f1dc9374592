using System.Text.Json.Serialization;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// <c>datapackage.json</c>, a Frictionless Data Package (data-package profile, every table a
/// tabular-data-resource), as one typed object: what the release writes, and what the verifier,
/// <c>query</c> and the ledger cross-check read back. docs/releases.md, "The data package", documents
/// every field. Read leniently (every member may be missing): a reader checks what it needs.
/// </summary>
internal sealed class PackageManifest
{
    /// <summary>"data-package", not "tabular-data-package": METHODOLOGY.md and the report are resources too, and a tabular package may hold only tabular resources.</summary>
    public string? Profile { get; set; }

    /// <summary>The dataset.</summary>
    public string? Name { get; set; }

    public string? Title { get; set; }

    public string? Version { get; set; }

    /// <summary>When the release was made, in UTC, to the second.</summary>
    [JsonConverter(typeof(UtcSecondsJson))]
    public DateTimeOffset? Created { get; set; }

    public string? Publisher { get; set; }

    public List<ManifestContributor>? Contributors { get; set; }

    [JsonPropertyName("temporalCoverage")]
    public ManifestCoverage? TemporalCoverage { get; set; }

    public List<ManifestResource>? Resources { get; set; }

    /// <summary>The accounting an auditor checks.</summary>
    public ManifestPrivacy? Privacy { get; set; }
}
