using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// The <c>privacy</c> property: the design (per table its epsilon, bound and scale; the dropped-records
/// counts; the domains) and the accounting (this release's epsilon, the dataset's cumulative epsilon
/// and budget, the sequence number, the ledger head and the previous release's hash). Rationals are
/// exact strings ("1/3", "0.5"): a JSON number cannot hold 1/3.
/// </summary>
internal sealed class ManifestPrivacy
{
    public string? Mechanism { get; set; }

    public string? Unit { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? DroppedShare { get; set; }

    public double? AlphaNoise { get; set; }

    public double? AlphaDropped { get; set; }

    /// <summary>What every interval covers, in words (docs/proofs/intervals.md): the same sentence in every release.</summary>
    public string? IntervalsCover { get; set; }

    /// <summary>Every dimension's published values, in order.</summary>
    public Dictionary<string, List<string>>? Domains { get; set; }

    public List<ManifestTable>? Tables { get; set; }

    public List<ManifestDropped>? Dropped { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? Epsilon { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? AbandonedEpsilon { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? CumulativeEpsilon { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? Budget { get; set; }

    public long? Sequence { get; set; }

    /// <summary>A calendar release's calendar; absent for a one-shot release.</summary>
    public ManifestCalendar? Calendar { get; set; }

    /// <summary>The months this release reads.</summary>
    public ManifestPeriods? Periods { get; set; }

    /// <summary><c>every</c>: the epsilon is charged to every period (a one-shot release); <c>read</c>: to the months read (a calendar release).</summary>
    public string? ChargedTo { get; set; }

    /// <summary>What each period has been charged, this release included.</summary>
    public ManifestPeriodCharges? PeriodCharges { get; set; }

    /// <summary>The charges of releases abandoned since the previous release, each with its months.</summary>
    public List<ManifestCharge>? Abandoned { get; set; }

    /// <summary>The budget's changes since the previous release (every change, for the first).</summary>
    public List<ManifestBudgetChange>? BudgetHistory { get; set; }

    /// <summary>This release's number among all releases charged in its ledger, of every dataset.</summary>
    public long? LedgerSequence { get; set; }

    /// <summary>The ledger key's id: another id means another ledger.</summary>
    public string? LedgerKey { get; set; }

    public ManifestLedgerHead? LedgerHead { get; set; }

    /// <summary>sha256 of the previous release's datapackage.json; empty for the first.</summary>
    public string? Previous { get; set; }
}
