using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>
/// What a release learns from the ledger once its spend is certain (inside the ledger's write lock):
/// its sequence number, the previous release's manifest hash and the cumulative epsilon.
/// </summary>
public sealed record Spending
{
    /// <summary>The release's sequence number within the dataset, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>sha256 of the previous release's datapackage.json; empty for the first release.</summary>
    public required string PreviousManifestSha256 { get; init; }

    /// <summary>The dataset's spent epsilon including this release.</summary>
    public required Rational CumulativeEpsilon { get; init; }

    /// <summary>The dataset's total budget.</summary>
    public required Rational TotalBudget { get; init; }

    /// <summary>
    /// The ledger's head before this release's entry: how many entries it holds (all datasets) and the
    /// last one's hash. Signed into the manifest, so that a ledger cut back after a release shows: the
    /// next release's head would not be past this one's.
    /// </summary>
    public long LedgerEntries { get; init; }

    /// <summary>The hash of the ledger's last entry before this release's (see <see cref="LedgerEntries"/>).</summary>
    public string LedgerHeadHash { get; init; } = "";
}
