using System.Collections.Immutable;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// The four disjoint stages an arrest record is in: <c>not_matched</c>, <c>matched_no_detainer</c>,
/// <c>detainer_not_removed</c>, <c>removed</c>. Every record is in exactly one, so a record changes a
/// table of stage counts by at most 1, whatever measures the table publishes. The measures are sums of
/// stages: arrests = all four, ident_matches = the last three, detainers = the last two, removals = the last.
/// A set of stages is a 4-bit mask (bit i = stage i).
/// </summary>
internal static class Stages
{
    /// <summary>The number of stages.</summary>
    public const int Count = 4;

    /// <summary>Every stage.</summary>
    public const int All = 0b1111;

    /// <summary>The stage names, in order.</summary>
    public static ImmutableArray<string> Names { get; } = ["not_matched", "matched_no_detainer", "detainer_not_removed", "removed"];

    /// <summary>The first stage a measure counts: the measure is the sum of that stage and every later one.</summary>
    public static int FirstStageOf(string measure) => TableSpec.MeasureNames.IndexOf(measure) is var i and >= 0
        ? i
        : throw Throw.Argument($"'{measure}' is not a measure", nameof(measure));

    /// <summary>The stages a measure counts.</summary>
    public static int Of(string measure) => All & ~((1 << FirstStageOf(measure)) - 1);

    /// <summary>
    /// The stage groups a table measures for its measures: the coarsest partition of the stages it
    /// counts from which every measure is a sum. Measures with first stages t1 &lt; ... &lt; tk give the
    /// groups [t1, t2), ..., [tk, 4): arrests and ident_matches give not_matched and the three matched stages.
    /// </summary>
    public static ImmutableArray<int> GroupsFor(IEnumerable<string> measures)
    {
        var firsts = measures.Select(FirstStageOf).Distinct().Order().ToArray();
        var groups = ImmutableArray.CreateBuilder<int>(firsts.Length);
        for (var i = 0; i < firsts.Length; i++)
        {
            var end = i + 1 < firsts.Length ? firsts[i + 1] : Count;
            groups.Add(((1 << end) - 1) & ~((1 << firsts[i]) - 1));
        }

        return groups.MoveToImmutable();
    }

    /// <summary>The stages of a mask, by name, joined with '+'.</summary>
    public static string Describe(int mask) => string.Join('+', Enumerable.Range(0, Count).Where(i => (mask >> i & 1) == 1).Select(i => Names[i]));

    /// <summary>Parses <see cref="Describe"/>'s output.</summary>
    public static bool TryParse(string text, out int mask)
    {
        mask = 0;
        foreach (var name in text.Split('+'))
        {
            var i = Names.IndexOf(name);
            if (i < 0 || (mask >> i & 1) == 1)
            {
                return false;
            }

            mask |= 1 << i;
        }

        return mask != 0;
    }
}
