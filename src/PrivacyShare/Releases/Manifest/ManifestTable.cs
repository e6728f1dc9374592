using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>One table's design in the manifest.</summary>
internal sealed class ManifestTable
{
    public string? Name { get; set; }

    public List<string>? Dimensions { get; set; }

    public List<string>? Measures { get; set; }

    public List<string>? StageGroups { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? Epsilon { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? MeasurementEpsilon { get; set; }

    public int? ContributionBound { get; set; }

    public long? Sensitivity { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? Scale { get; set; }

    /// <summary>The dropped-records count that serves the table; absent when it refuses records beyond its bound.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Dropped { get; set; }

    /// <summary>"refuse" when the spec declared that no person exceeds the bound (input that did was refused); else absent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BeyondBound { get; set; }
}
