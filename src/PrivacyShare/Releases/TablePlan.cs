using System.Collections.Immutable;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases;

/// <summary>How one table is measured and how precise its published values are: all known from the spec alone.</summary>
public sealed class TablePlan
{
    internal TablePlan(TableDesign table, string? dropped, ImmutableArray<double> cellHalfWidths, ImmutableArray<double> totalHalfWidths)
    {
        Name = table.Name;
        Measures = table.Measures;
        Cells = table.Cells;
        Epsilon = table.Epsilon;
        MeasurementEpsilon = table.MeasurementEpsilon;
        Bound = table.Bound;
        Scale = table.Scale;
        Dropped = dropped;
        RefusesBeyondBound = table.RefusesBeyondBound;
        CellHalfWidths = cellHalfWidths;
        TotalHalfWidths = totalHalfWidths;
    }

    /// <summary>The table.</summary>
    public string Name { get; }

    /// <summary>Its measures, in the file's order.</summary>
    public ImmutableArray<Measure> Measures { get; }

    /// <summary>The cells it publishes.</summary>
    public long Cells { get; }

    /// <summary>Its epsilon, the dropped-records share included.</summary>
    public Rational Epsilon { get; }

    /// <summary>The epsilon of its own noisy measurements (its epsilon less the dropped-records share).</summary>
    public Rational MeasurementEpsilon { get; }

    /// <summary>Its contribution bound B: at most B records of a person among the stages it counts.</summary>
    public int Bound { get; }

    /// <summary>The L1 sensitivity of its measurements (B: each record is in one cell and stage group).</summary>
    public long Sensitivity => Bound;

    /// <summary>The discrete Laplace scale of its measurements: sensitivity / measurement epsilon.</summary>
    public Rational Scale { get; }

    /// <summary>The dropped-records count that serves it (see <see cref="DroppedPlan"/>), or null when it refuses records beyond its bound (<see cref="RefusesBeyondBound"/>).</summary>
    public string? Dropped { get; }

    /// <summary>Whether the spec declares that no person exceeds its bound: input that does is refused, and it needs no dropped-records count.</summary>
    public bool RefusesBeyondBound { get; }

    /// <summary>Per measure, the 95% noise half-width of one published cell (the same for every cell).</summary>
    public ImmutableArray<double> CellHalfWidths { get; }

    /// <summary>Per measure, the 95% noise half-width of the table's total.</summary>
    public ImmutableArray<double> TotalHalfWidths { get; }
}
