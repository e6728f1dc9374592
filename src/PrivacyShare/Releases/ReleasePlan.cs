using System.Collections.Immutable;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Releases;

/// <summary>
/// What a release will spend and how precise it will be, from its spec alone: no data is read and no
/// budget is spent. The half-widths are the ones the release then publishes around its estimates
/// (<c>privacyshare plan</c> prints them; the intervals of a release are built from the same figures).
/// </summary>
public sealed class ReleasePlan
{
    private ReleasePlan(string dataset, Rational epsilon, ImmutableArray<TablePlan> tables, ImmutableArray<DroppedPlan> dropped)
    {
        Dataset = dataset;
        Epsilon = epsilon;
        Tables = tables;
        Dropped = dropped;
    }

    /// <summary>The dataset whose budget the release spends.</summary>
    public string Dataset { get; }

    /// <summary>The release's total epsilon.</summary>
    public Rational Epsilon { get; }

    /// <summary>Each table's plan, in the spec's order.</summary>
    public ImmutableArray<TablePlan> Tables { get; }

    /// <summary>The dropped-records counts (each table names its own in <see cref="TablePlan.Dropped"/>).</summary>
    internal ImmutableArray<DroppedPlan> Dropped { get; }

    /// <summary>The plan of <paramref name="spec"/>.</summary>
    public static ReleasePlan For(ReleaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Of(spec.Design, spec.ShareChoice);
    }

    /// <summary>The share of the tables' epsilon that counts the records their bounds leave out.</summary>
    public Rational DroppedShare { get; private init; }

    /// <summary>With <c>"dropped_share": "auto"</c>, how the share was chosen; else null.</summary>
    internal Design.DroppedShareChoice? ShareChoice { get; private init; }

    /// <summary>The plan of a design (a spec's, or a published release's read back).</summary>
    internal static ReleasePlan Of(Design.ReleaseDesign design, Design.DroppedShareChoice? choice = null)
    {
        var tables = design.Tables.Select((t, i) => new TablePlan(t, t.Dropped >= 0 ? design.Dropped[t.Dropped].Name : null, design.HalfWidths[i].Cell, design.HalfWidths[i].Total)).ToImmutableArray();
        var dropped = design.Dropped.Select(c => new DroppedPlan(c, NoiseSum.OneSidedBound(c.Scale.ToDouble(), GlsEstimator.AlphaDropped))).ToImmutableArray();
        return new ReleasePlan(design.Heading.Dataset, design.TotalEpsilon, tables, dropped) { DroppedShare = design.DroppedShare, ShareChoice = choice };
    }
}
