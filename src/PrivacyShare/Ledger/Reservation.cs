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

    /// <summary>sha256 of the last published release's datapackage.json; empty for the first release.</summary>
    public required string PreviousManifestSha256 { get; init; }

    /// <summary>Epsilon charged for releases abandoned since the previous published one (crashes, failed writes).</summary>
    public required Rational AbandonedEpsilon { get; init; }

    /// <summary>The dataset's spent epsilon including this charge.</summary>
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
