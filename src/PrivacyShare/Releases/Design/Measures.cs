using System.Collections.Immutable;

namespace PrivacyShare.Releases.Design;

/// <summary>The names of <see cref="Measure"/> as specs, CSV headers and manifests spell them.</summary>
internal static class Measures
{
    /// <summary>Every measure's name, in stage order: the index is the <see cref="Measure"/> value.</summary>
    public static ImmutableArray<string> Names { get; } = ["arrests", "ident_matches", "detainers", "removals"];

    /// <summary>The measure's name.</summary>
    public static string Name(Measure measure) => Names[(int)measure];

    /// <summary>The measure named <paramref name="name"/>, if any.</summary>
    public static bool TryParse(string name, out Measure measure)
    {
        var i = Names.IndexOf(name);
        measure = (Measure)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>
    /// The suffixes of the columns a table publishes for each measure, after the measure's own column, in
    /// order: the interval for the true count, then the interval from noise alone (see PublishedInterval).
    /// </summary>
    public static ImmutableArray<string> IntervalSuffixes { get; } = ["_lower", "_upper", "_noise_lower", "_noise_upper"];

    /// <summary>The columns a table publishes for <paramref name="measure"/>: its value, then its intervals' ends.</summary>
    public static IEnumerable<string> Columns(Measure measure) => IntervalSuffixes.Select(s => Name(measure) + s).Prepend(Name(measure));

    /// <summary>What the measure counts, in words for a reader.</summary>
    public static string Describe(Measure measure) => measure switch
    {
        Measure.Arrests => "arrests (records)",
        Measure.IdentMatches => "arrests whose fingerprints matched DHS (IDENT) records",
        Measure.Detainers => "arrests with an ICE detainer",
        _ => "arrests that ended in removal",
    };
}
