using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>What <see cref="Releaser.Run"/> published, and the operator's summary of the input.</summary>
public sealed record ReleaseResult
{
    /// <summary>The release folder.</summary>
    public required string Directory { get; init; }

    /// <summary>The dataset.</summary>
    public required string Dataset { get; init; }

    /// <summary>The release's version.</summary>
    public required string Version { get; init; }

    /// <summary>The ledger sequence number.</summary>
    public required long Sequence { get; init; }

    /// <summary>The release's epsilon.</summary>
    public required Rational Epsilon { get; init; }

    /// <summary>The dataset's spent epsilon including this release.</summary>
    public required Rational CumulativeEpsilon { get; init; }

    /// <summary>The dataset's total budget.</summary>
    public required Rational Budget { get; init; }

    /// <summary>sha256 of datapackage.json.</summary>
    public required string ManifestSha256 { get; init; }

    /// <summary>The ledger file.</summary>
    public required string LedgerPath { get; init; }

    /// <summary>The plan the release followed: each table's budget and precision, the dropped-records counts.</summary>
    public required Design.ReleasePlan Plan { get; init; }

    /// <summary>The tables' plans.</summary>
    public ImmutableArray<Design.TablePlan> Tables => Plan.Tables;

    /// <summary>
    /// Operator information about the input (records read, used, outside the period, dropped by the
    /// contribution bound). Exact, so shown to the records unit only and never written to the release.
    /// </summary>
    public required InputSummary Input { get; init; }
}
