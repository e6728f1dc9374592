using System.Collections.Immutable;

namespace PrivacyShare.Releases.Querying;

/// <summary>
/// A question to a published release: the count of <see cref="Measure"/>, broken down by the dimensions
/// in <see cref="By"/> (one row per value of their declared domains), among the records whose values of
/// the dimensions in <see cref="Where"/> are among the values listed.
/// </summary>
/// <param name="Measure">arrests, ident_matches, detainers or removals.</param>
/// <param name="By">Dimensions to break the answer down by; empty for one total.</param>
/// <param name="Where">Per dimension, the values to keep (several values of one dimension are added).</param>
public sealed record ReleaseQuery(string Measure, ImmutableArray<string> By, ImmutableDictionary<string, ImmutableArray<string>> Where)
{
    /// <summary>The total of <paramref name="measure"/>.</summary>
    public static ReleaseQuery Total(string measure) => new(measure, [], ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary><paramref name="measure"/> by <paramref name="by"/>.</summary>
    public static ReleaseQuery ByDimensions(string measure, params string[] by) => new(measure, [.. by], ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary>How the question reads: "removals by offense_level where district=A1".</summary>
    public override string ToString() =>
        Measure + (By.IsEmpty ? "" : " by " + string.Join(", ", By)) +
        (Where.IsEmpty ? "" : " where " + string.Join(" and ", Where.Select(w => $"{w.Key}={string.Join("|", w.Value)}")));
}
