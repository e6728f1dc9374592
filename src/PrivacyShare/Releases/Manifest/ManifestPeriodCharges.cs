using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// What every period of the dataset has been charged, this release included: <see cref="Every"/> on
/// every period, plus <see cref="Months"/>, runs of consecutive months charged the same. The person-level
/// epsilon (<c>cumulative_epsilon</c>) is <see cref="Every"/> plus the largest run's epsilon.
/// </summary>
internal sealed class ManifestPeriodCharges
{
    [JsonConverter(typeof(RationalJson))]
    public Rational? Every { get; set; }

    public List<ManifestCharge>? Months { get; set; }
}
