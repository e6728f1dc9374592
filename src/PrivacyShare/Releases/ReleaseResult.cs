using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>What <see cref="Releaser.Run"/> published, and the operator's summary of the input.</summary>
public sealed class ReleaseResult
{
    /// <summary>For a calendar release: what it found new and what went backwards (for the records unit; not published). Null for a one-shot release.</summary>
    public CalendarSummary? Calendar { get; internal init; }

    internal ReleaseResult(string directory, string version, long sequence, Rational cumulativeEpsilon, Rational budget, string manifestSha256, string ledgerPath, ReleasePlan plan, InputSummary input)
    {
        Directory = directory;
        Version = version;
        Sequence = sequence;
        CumulativeEpsilon = cumulativeEpsilon;
        Budget = budget;
        ManifestSha256 = manifestSha256;
        LedgerPath = ledgerPath;
        Plan = plan;
        Input = input;
    }

    /// <summary>The release folder.</summary>
    public string Directory { get; }

    /// <summary>The dataset.</summary>
    public string Dataset => Plan.Dataset;

    /// <summary>The release's version.</summary>
    public string Version { get; }

    /// <summary>The ledger sequence number.</summary>
    public long Sequence { get; }

    /// <summary>The release's epsilon.</summary>
    public Rational Epsilon => Charged ?? Plan.Epsilon;

    // What a calendar's summary charged: its own epsilon, not the tables' (the plan's).
    internal Rational? Charged { get; init; }

    /// <summary>The dataset's spent epsilon including this release.</summary>
    public Rational CumulativeEpsilon { get; }

    /// <summary>The dataset's total budget.</summary>
    public Rational Budget { get; }

    /// <summary>sha256 of datapackage.json.</summary>
    public string ManifestSha256 { get; }

    /// <summary>The ledger file.</summary>
    public string LedgerPath { get; }

    /// <summary>The plan the release followed: each table's budget and precision, the dropped-records counts.</summary>
    public ReleasePlan Plan { get; }

    /// <summary>The tables' plans.</summary>
    public ImmutableArray<TablePlan> Tables => Plan.Tables;

    /// <summary>
    /// Operator information about the input (records read, used, outside the period, dropped by the
    /// contribution bound, beyond twice a bound). Exact, so shown to the records unit only and never
    /// written to the release.
    /// </summary>
    public InputSummary Input { get; }
}
