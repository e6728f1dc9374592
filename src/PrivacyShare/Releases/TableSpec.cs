using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>One published table: counts of <see cref="Measures"/> for every cell of <see cref="Dimensions"/>.</summary>
public sealed record TableSpec
{
    /// <summary>Measures a table may publish: arrests (records), and records with each flag Y.</summary>
    public static ImmutableArray<string> MeasureNames { get; } = ["arrests", "ident_matches", "detainers", "removals"];

    /// <summary>The table's name; its file is <c>NAME.csv</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The dimensions, in column order.</summary>
    public required ImmutableArray<Dimension> Dimensions { get; init; }

    /// <summary>The measures, in column order.</summary>
    public required ImmutableArray<string> Measures { get; init; }

    /// <summary>
    /// The privacy budget this table spends: its measurements' share and its share of the
    /// dropped-records count of its bound (see <see cref="ReleaseSpec.DroppedShare"/>).
    /// </summary>
    public required Rational Epsilon { get; init; }

    /// <summary>The epsilon of the table's own measurements: <see cref="Epsilon"/> less the dropped-records share.</summary>
    public required Rational MeasurementEpsilon { get; init; }

    /// <summary>The contribution bound: at most this many records of one person, among the stages the table counts, are used.</summary>
    public required int Bound { get; init; }

    /// <summary>The table's weight in the budget split (1 unless the spec says otherwise).</summary>
    public decimal Weight { get; init; } = 1;

    /// <summary>The stage groups the table measures in each cell (stage masks; see docs/releases.md).</summary>
    public ImmutableArray<int> Groups => Design.Stages.GroupsFor(Measures);

    /// <summary>The stages the table counts: the union of its groups.</summary>
    public int Coverage => Groups.Aggregate(0, (m, g) => m | g);

    /// <summary>The L1 sensitivity of the measurements: one person's at most <see cref="Bound"/> records, each in one cell and group.</summary>
    public long Sensitivity => Bound;

    /// <summary>The discrete Laplace scale of every measurement: sensitivity / measurement epsilon.</summary>
    public Rational Scale => PrivacyAccounting.LaplaceScale(Sensitivity, MeasurementEpsilon);

    /// <summary>The index of the release's dropped-records count that covers this table.</summary>
    public required int DroppedClass { get; init; }

    /// <summary>The number of cells: the product of the domain sizes.</summary>
    public long Cells => Dimensions.Aggregate(1L, (n, d) => checked(n * d.Values.Length));
}
