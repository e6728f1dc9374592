using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A dropped-records count. Tables that apply the same contribution bound to the same stages leave
/// out exactly the same records, so one noisy count of those records serves them all: each person's
/// records beyond <see cref="Bound"/> in <see cref="Stages"/>, up to <see cref="Bound"/> more, counted
/// per stage group of <see cref="Groups"/>. One person's left-out records add up to at most the bound
/// over all the groups, so the vector of counts has sensitivity <see cref="Bound"/>: counting per group
/// costs nothing more, and an interval for IDENT matches then allows only for left-out matched records.
/// For the same reason a one-shot release whose tables have an arrest month counts them per month
/// (<see cref="Periods"/>), at the same scale: a month's interval then allows for that month's left-out
/// records only, not for every record the bound left out anywhere in the period (docs/releases.md).
/// </summary>
internal sealed class DroppedDesign
{
    private readonly DiscreteLaplace? _noise;

    public DroppedDesign(string name, int bound, StageSet stages, ImmutableArray<StageSet> groups, ImmutableArray<string> tables, Rational epsilon, bool sampled, int periodAttribute = -1, Dimension? periodDimension = null)
    {
        PeriodAttribute = periodAttribute;
        PeriodDimension = periodDimension;
        Periods = periodDimension?.Values.Length ?? 1;
        Name = name;
        Bound = bound;
        Stages = stages;
        Groups = groups;
        Tables = tables;
        Epsilon = epsilon;
        Scale = PrivacyAccounting.LaplaceScale(bound, epsilon);
        _noise = sampled ? new DiscreteLaplace(Scale) : null;
    }

    /// <summary>The measurement's name in measurements.csv and datapackage.json.</summary>
    public string Name { get; }

    /// <summary>The contribution bound of its tables.</summary>
    public int Bound { get; }

    /// <summary>The stages its tables count.</summary>
    public StageSet Stages { get; }

    /// <summary>The stage groups counted separately: the finest its tables' groups distinguish.</summary>
    public ImmutableArray<StageSet> Groups { get; }

    /// <summary>
    /// The model attribute (the arrest month) its counts are kept per value of, or -1 when it is one count
    /// per group for the whole release.
    /// </summary>
    public int PeriodAttribute { get; }

    /// <summary>The dimension of <see cref="PeriodAttribute"/>, or null.</summary>
    public Dimension? PeriodDimension { get; }

    /// <summary>How many values of <see cref="PeriodAttribute"/> it counts separately (1 without one).</summary>
    public int Periods { get; }

    /// <summary>How many noisy counts it has: one per period and group, period-major (slot = period x groups + group).</summary>
    public int Counts => Periods * Groups.Length;

    /// <summary>The tables it serves.</summary>
    public ImmutableArray<string> Tables { get; }

    /// <summary>The epsilon it spends: the dropped-records share of its tables' epsilons.</summary>
    public Rational Epsilon { get; }

    /// <summary>The discrete Laplace scale: bound / epsilon.</summary>
    public Rational Scale { get; }

    /// <summary>The noise of each of its counts; only a design made for a release has it.</summary>
    public DiscreteLaplace Noise => _noise ?? throw Throw.Bug($"{Name}: a design read back from a release draws no noise");
}
