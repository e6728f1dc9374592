using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The shape of one table's measurements: one noisy count per cell of its attributes and per stage
/// group, each with the same noise variance. Measurements are stored cell-major (row-major over
/// <see cref="Attributes"/>), then group.
/// </summary>
internal sealed record MarginalTable
{
    /// <summary>The table's name.</summary>
    public required string Name { get; init; }

    /// <summary>The model's attribute indexes, in the table's column order.</summary>
    public required ImmutableArray<int> Attributes { get; init; }

    /// <summary>The stage groups measured, each a stage mask; disjoint.</summary>
    public required ImmutableArray<int> Groups { get; init; }

    /// <summary>The stages each published measure sums, in the table's column order.</summary>
    public ImmutableArray<int> MeasureStages { get; init; } = [];

    /// <summary>The discrete Laplace scale b of every measurement.</summary>
    public required double Scale { get; init; }

    /// <summary>The index of the dropped-records measurement that covers this table's contribution bound.</summary>
    public required int DroppedClass { get; init; }

    /// <summary>The noise variance of one measurement: 2p/(1 - p)^2 with p = exp(-1/b).</summary>
    public double Variance => NoiseSum.Variance(Scale);

    /// <summary>The attributes as a bit mask over the model's attributes.</summary>
    public int Mask => Attributes.Aggregate(0, (m, a) => m | 1 << a);

    /// <summary>The table's cells as a margin of the model.</summary>
    public Margin Margin => new(Mask, Groups);
}
