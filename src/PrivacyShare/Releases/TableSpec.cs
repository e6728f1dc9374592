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

    /// <summary>The privacy budget this table spends.</summary>
    public required Rational Epsilon { get; init; }

    /// <summary>The number of cells: the product of the domain sizes.</summary>
    public long Cells => Dimensions.Aggregate(1L, (n, d) => checked(n * d.Values.Length));
}
