using System.Collections.Immutable;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Querying;

/// <summary>
/// A question to a published release: the count of <see cref="Measure"/>, broken down by the dimensions
/// in <see cref="By"/> (one row per value of their declared domains), among the records whose values of
/// the dimensions in <see cref="Where"/> are among the values listed.
/// </summary>
public sealed class ReleaseQuery
{
    /// <summary>A question: <paramref name="measure"/> by <paramref name="by"/>, among the records with the <paramref name="where"/> values.</summary>
    public ReleaseQuery(Measure measure, ImmutableArray<string> by, ImmutableDictionary<string, ImmutableArray<string>> where)
    {
        Measure = measure;
        By = by;
        Where = where ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty;
    }

    /// <summary>What is counted.</summary>
    public Measure Measure { get; }

    /// <summary>Dimensions to break the answer down by; empty for one total.</summary>
    public ImmutableArray<string> By { get; }

    /// <summary>Per dimension, the values to keep (several values of one dimension are added).</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Where { get; }

    /// <summary>The total of <paramref name="measure"/>.</summary>
    public static ReleaseQuery Total(Measure measure) => new(measure, [], ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary><paramref name="measure"/> by <paramref name="by"/>.</summary>
    public static ReleaseQuery ByDimensions(Measure measure, params string[] by) => new(measure, [.. by], ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary>How the question reads: "removals by offense_level where district=A1".</summary>
    public override string ToString() =>
        Measures.Name(Measure) + (By.IsEmpty ? "" : " by " + string.Join(", ", By)) +
        (Where.IsEmpty ? "" : " where " + string.Join(" and ", Where.Select(w => $"{w.Key}={string.Join("|", w.Value)}")));
}
