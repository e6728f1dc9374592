using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>How one table is measured and how precise its published values are: all known from the spec alone.</summary>
/// <param name="Name">The table.</param>
/// <param name="Measures">Its measures, in the file's order.</param>
/// <param name="Cells">The cells it publishes.</param>
/// <param name="Epsilon">Its epsilon, the dropped-records share included.</param>
/// <param name="MeasurementEpsilon">The epsilon of its own noisy measurements (its epsilon less the dropped-records share).</param>
/// <param name="Bound">Its contribution bound B: at most B records of a person among the stages it counts.</param>
/// <param name="Sensitivity">The L1 sensitivity of its measurements (B: each record is in one cell and stage group).</param>
/// <param name="Scale">The discrete Laplace scale of its measurements: sensitivity / measurement epsilon.</param>
/// <param name="Dropped">The dropped-records count that serves it (see <see cref="DroppedPlan"/>).</param>
/// <param name="CellHalfWidths">Per measure, the 95% noise half-width of one published cell (the same for every cell).</param>
/// <param name="TotalHalfWidths">Per measure, the 95% noise half-width of the table's total.</param>
public sealed record TablePlan(string Name, ImmutableArray<string> Measures, long Cells, Rational Epsilon, Rational MeasurementEpsilon,
    int Bound, long Sensitivity, Rational Scale, string Dropped, ImmutableArray<double> CellHalfWidths, ImmutableArray<double> TotalHalfWidths);
