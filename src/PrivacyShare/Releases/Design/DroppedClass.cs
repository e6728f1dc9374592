using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// Tables that apply the same contribution bound to the same stages leave out exactly the same
/// records, so one noisy count of those records serves them all: each person's records beyond
/// <see cref="Bound"/> in <see cref="Stages"/>, up to <see cref="Bound"/> more, counted per stage group
/// of <see cref="Groups"/>. One person's left-out records add up to at most the bound over all the
/// groups, so the vector of counts has sensitivity <see cref="Bound"/>: counting per group costs
/// nothing more, and an interval for IDENT matches then allows only for left-out matched records.
/// </summary>
public sealed record DroppedClass
{
    /// <summary>The measurement's name in measurements.csv and datapackage.json.</summary>
    public required string Name { get; init; }

    /// <summary>The contribution bound of its tables.</summary>
    public required int Bound { get; init; }

    /// <summary>The stages its tables count (a mask, see docs/releases.md).</summary>
    public required int Stages { get; init; }

    /// <summary>The stage groups counted separately: the finest its tables' groups distinguish.</summary>
    public required ImmutableArray<int> Groups { get; init; }

    /// <summary>The tables it serves.</summary>
    public required ImmutableArray<string> Tables { get; init; }

    /// <summary>The epsilon it spends: the dropped-records share of its tables' epsilons.</summary>
    public required Rational Epsilon { get; init; }

    /// <summary>The discrete Laplace scale: bound / epsilon.</summary>
    public Rational Scale => PrivacyAccounting.LaplaceScale(Bound, Epsilon);
}
