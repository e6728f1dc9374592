using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>
/// A release's charge, committed to the ledger before any noise is drawn (a <c>reserve</c> entry),
/// with what the release must state about its place in the chain. It ends with a <c>publish</c> entry
/// once the release folder is in place, or an <c>abandon</c> entry when it never appeared; until then
/// it is open, and the budget stays spent either way.
/// </summary>
internal sealed record Reservation
{
    /// <summary>The reserve entry's id.</summary>
    public required long EntryId { get; init; }

    /// <summary>The dataset.</summary>
    public required string Dataset { get; init; }

    /// <summary>The epsilon charged.</summary>
    public required Rational Epsilon { get; init; }

    /// <summary>The full path of the release folder this charge is for.</summary>
    public required string Folder { get; init; }

    /// <summary>The release's sequence number within the dataset: one more than the releases published.</summary>
    public required long Sequence { get; init; }

    /// <summary>The months the release reads.</summary>
    public required PeriodRange Periods { get; init; }

    /// <summary>True when the epsilon is charged to every period (a one-shot release), false when to the months read.</summary>
    public required bool ChargedToEveryPeriod { get; init; }

    /// <summary>What each period of the dataset has been charged, this release included.</summary>
    public required PeriodCharges Charges { get; init; }

    /// <summary>The charges of releases abandoned since the previous published one, each on its months (null: every period).</summary>
    public required System.Collections.Immutable.ImmutableArray<(PeriodRange? Months, Rational Epsilon)> AbandonedCharges { get; init; }

    /// <summary>The budget's changes since the previous published release's charge (all of them, for the first release), oldest first.</summary>
    public required System.Collections.Immutable.ImmutableArray<BudgetChange> BudgetHistory { get; init; }

    /// <summary>The release's number among all releases the ledger has charged, of every dataset, from 1.</summary>
    public required long LedgerSequence { get; init; }

    /// <summary>The ledger key's id (a fingerprint): a ledger started afresh has another.</summary>
    public required string LedgerKeyId { get; init; }

    /// <summary>sha256 of the last published release's datapackage.json; empty for the first release.</summary>
    public required string PreviousManifestSha256 { get; init; }

    /// <summary>Epsilon charged for releases abandoned since the previous published one (crashes, failed writes).</summary>
    public required Rational AbandonedEpsilon { get; init; }

    /// <summary>The dataset's person-level epsilon spent, this charge included (<see cref="PeriodCharges.PersonLevel"/>).</summary>
    public required Rational CumulativeEpsilon { get; init; }

    /// <summary>The dataset's total budget.</summary>
    public required Rational TotalBudget { get; init; }

    /// <summary>
    /// The ledger's head after this charge: how many entries it holds (all datasets). Signed into the
    /// manifest, so that a ledger cut back after a release shows: the next release's head must be past it.
    /// </summary>
    public required long LedgerEntries { get; init; }

    /// <summary>The reserve entry's hash, which the manifest carries as the ledger head hash: it ties the release to its charge.</summary>
    public required string LedgerHeadHash { get; init; }
}
