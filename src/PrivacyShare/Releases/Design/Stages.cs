using System.Collections.Immutable;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// The four disjoint stages an arrest record is in: <c>not_matched</c>, <c>matched_no_detainer</c>,
/// <c>detainer_not_removed</c>, <c>removed</c>. Every record is in exactly one, so a record changes a
/// table of stage counts by at most 1, whatever measures the table publishes. The measures are sums of
/// stages: arrests = all four, ident_matches = the last three, detainers = the last two, removals = the last.
/// </summary>
internal static class Stages
{
    /// <summary>The number of stages.</summary>
    public const int Count = 4;

    /// <summary>The stage names, in order.</summary>
    public static ImmutableArray<string> Names { get; } = ["not_matched", "matched_no_detainer", "detainer_not_removed", "removed"];

    /// <summary>The stages a measure counts: its first stage and every later one.</summary>
    public static StageSet Of(Measure measure) => (StageSet)(0b1111 & ~((1 << (int)measure) - 1));

    /// <summary>
    /// What a measure counts: for records (<paramref name="events"/> false), <see cref="Of(Measure)"/>;
    /// in a calendar, which counts events (docs/calendar.md), the one event of reaching the measure's
    /// stage: arrests count bookings first seen, ident_matches matches first recorded, and so on. Each
    /// event is then in exactly one group, as each record is in one stage.
    /// </summary>
    public static StageSet Of(Measure measure, bool events) => events ? (StageSet)(1 << (int)measure) : Of(measure);

    /// <summary>The groups a table measures for its measures (<see cref="GroupsFor(IEnumerable{Measure})"/>), or in a calendar one group per measure's event.</summary>
    public static ImmutableArray<StageSet> GroupsFor(IEnumerable<Measure> measures, bool events) =>
        events ? [.. measures.Distinct().Order().Select(m => Of(m, events: true))] : GroupsFor(measures);

    /// <summary>
    /// The stage groups a table measures for its measures: the coarsest partition of the stages it
    /// counts from which every measure is a sum. Measures with first stages t1 &lt; ... &lt; tk give the
    /// groups [t1, t2), ..., [tk, 4): arrests and ident_matches give not_matched and the three matched stages.
    /// </summary>
    public static ImmutableArray<StageSet> GroupsFor(IEnumerable<Measure> measures)
    {
        var firsts = measures.Select(m => (int)m).Distinct().Order().ToArray();
        var groups = ImmutableArray.CreateBuilder<StageSet>(firsts.Length);
        for (var i = 0; i < firsts.Length; i++)
        {
            var end = i + 1 < firsts.Length ? firsts[i + 1] : Count;
            groups.Add((StageSet)(((1 << end) - 1) & ~((1 << firsts[i]) - 1)));
        }

        return groups.MoveToImmutable();
    }

    /// <summary>The union of <paramref name="groups"/>.</summary>
    public static StageSet Union(IEnumerable<StageSet> groups) => groups.Aggregate(StageSet.None, (m, g) => m | g);

    /// <summary>
    /// For each stage, the index of the group in <paramref name="groups"/> that holds it, or -1: what the
    /// counter looks a record's stage up in.
    /// </summary>
    public static int[] GroupOfStage(ImmutableArray<StageSet> groups) =>
        [.. Enumerable.Range(0, Count).Select(s => groups.IndexOf(groups.FirstOrDefault(g => ((int)g >> s & 1) == 1)))];

    /// <summary>The stages of a set, by name, joined with '+'.</summary>
    public static string Describe(StageSet set) => string.Join('+', Enumerable.Range(0, Count).Where(i => ((int)set >> i & 1) == 1).Select(i => Names[i]));

    /// <summary>Parses <see cref="Describe"/>'s output.</summary>
    public static bool TryParse(string text, out StageSet set)
    {
        set = StageSet.None;
        foreach (var name in text.Split('+'))
        {
            var i = Names.IndexOf(name);
            if (i < 0 || ((int)set >> i & 1) == 1)
            {
                set = StageSet.None;
                return false;
            }

            set |= (StageSet)(1 << i);
        }

        return set != StageSet.None;
    }
}
