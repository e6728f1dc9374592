using System.Collections.Immutable;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases;

/// <summary>
/// A dropped-records count as planned: the records its tables' bound leaves out are counted with noise,
/// and every interval that can contain them is widened on the upper side by that noisy count plus
/// <see cref="Allowance"/>, an upper confidence bound on its noise.
/// </summary>
internal sealed class DroppedPlan
{
    internal DroppedPlan(DroppedDesign dropped, long allowance)
    {
        Name = dropped.Name;
        Bound = dropped.Bound;
        Stages = Design.Stages.Describe(dropped.Stages);
        Tables = dropped.Tables;
        Epsilon = dropped.Epsilon;
        Scale = dropped.Scale;
        Allowance = allowance;
        CountedPer = dropped.PeriodDimension?.Name;
    }

    /// <summary>The dimension its counts are kept per value of (arrest_month: a month's intervals allow for that month's left-out records only), or null for one count per stage group.</summary>
    public string? CountedPer { get; }

    /// <summary>Its name in measurements.csv and datapackage.json.</summary>
    public string Name { get; }

    /// <summary>The bound of its tables.</summary>
    public int Bound { get; }

    /// <summary>The stages its tables count, joined with '+'.</summary>
    public string Stages { get; }

    /// <summary>The tables it serves.</summary>
    public ImmutableArray<string> Tables { get; }

    /// <summary>The epsilon it spends.</summary>
    public Rational Epsilon { get; }

    /// <summary>Its discrete Laplace scale: bound / epsilon.</summary>
    public Rational Scale { get; }

    /// <summary>The widening when the noisy count is 0 and this is the only count an interval involves: the smallest t with P(noise &lt; -t) &lt;= 1%.</summary>
    public long Allowance { get; }
}
