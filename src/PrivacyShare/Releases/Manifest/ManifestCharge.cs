using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>An epsilon charged to some months (<see cref="Periods"/>), or to every period when they are absent.</summary>
internal sealed class ManifestCharge
{
    [JsonConverter(typeof(RationalJson))]
    public Rational? Epsilon { get; set; }

    public ManifestPeriods? Periods { get; set; }
}
