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
}
