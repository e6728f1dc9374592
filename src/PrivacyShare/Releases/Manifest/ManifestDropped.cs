using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>One dropped-records count's design in the manifest.</summary>
internal sealed class ManifestDropped
{
    public string? Name { get; set; }

    public int? ContributionBound { get; set; }

    public string? Stages { get; set; }

    public List<string>? StageGroups { get; set; }

    /// <summary>The dimension the counts are kept per value of (arrest_month), or null for one count per group.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CountedPer { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? Epsilon { get; set; }

    public long? Sensitivity { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? Scale { get; set; }
}
