using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>One change of the dataset's budget since the previous release: old total (absent when first set), new total, reason, time (UTC).</summary>
internal sealed class ManifestBudgetChange
{
    [JsonConverter(typeof(RationalJson))]
    public Rational? From { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? To { get; set; }

    public string? Reason { get; set; }

    public string? At { get; set; }
}
