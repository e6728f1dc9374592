using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// What a release will spend and how precise it will be, from its spec alone: no data is read and no
/// budget is spent. The half-widths are the ones the release then publishes around its estimates
/// (<c>privacyshare plan</c> prints them; the intervals of a release are built from the same figures).
/// </summary>
public sealed class ReleasePlan
{
    private ReleasePlan(ReleaseSpec spec, ImmutableArray<TablePlan> tables, ImmutableArray<DroppedPlan> dropped)
    {
        Spec = spec;
        Tables = tables;
        Dropped = dropped;
    }

    /// <summary>The spec planned.</summary>
    public ReleaseSpec Spec { get; }

    /// <summary>The release's total epsilon.</summary>
    public Rational Epsilon => Spec.TotalEpsilon;

    /// <summary>Each table's plan, in the spec's order.</summary>
    public ImmutableArray<TablePlan> Tables { get; }

    /// <summary>The dropped-records counts.</summary>
    public ImmutableArray<DroppedPlan> Dropped { get; }

    /// <summary>The plan of <paramref name="spec"/>.</summary>
    public static ReleasePlan For(ReleaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tables = spec.Tables.Select(t =>
        {
            var (cell, total) = Estimation.ReleaseEstimates.HalfWidths(spec, t);
            return new TablePlan(t.Name, t.Measures, t.Cells, t.Epsilon, t.MeasurementEpsilon, t.Bound, t.Sensitivity, t.Scale,
                spec.DroppedClasses[t.DroppedClass].Name, cell, total);
        }).ToImmutableArray();
        var dropped = spec.DroppedClasses.Select(c => new DroppedPlan(c.Name, c.Bound, Stages.Describe(c.Stages), c.Tables, c.Epsilon, c.Scale,
            Estimation.NoiseSum.OneSidedBound(Estimation.NoiseSum.ToDouble(c.Scale), Estimation.GlsEstimator.AlphaDropped))).ToImmutableArray();
        return new ReleasePlan(spec, tables, dropped);
    }
}
