using System.Collections.Immutable;

namespace PrivacyShare.Releases.Verification;

/// <summary>
/// One published table's values as <see cref="ReleaseVerifier"/> reads them, and the checks a release's
/// tables must pass together: every value a non-negative integer, every value inside its noise interval
/// and that inside the interval for the true count,
/// removals &lt;= detainers &lt;= ident_matches &lt;= arrests in every cell, and every margin two tables
/// share equal in both. These are the promises of docs/releases.md, checked from the files alone.
/// </summary>
internal sealed class PublishedValues
{
    private readonly List<(ImmutableArray<string> Cell, long[] Values)> _rows = [];

    private PublishedValues(string path, ImmutableArray<string> dimensions, ImmutableArray<string> measures, int[] valueColumns)
    {
        Path = path;
        Dimensions = dimensions;
        Measures = measures;
        ValueColumns = valueColumns;
    }

    /// <summary>The table's file.</summary>
    public string Path { get; }

    /// <summary>
    /// Whether the measures count a calendar's events (docs/calendar.md): removals recorded in May need
    /// not be fewer than arrests first seen in May, so the measures do not nest.
    /// </summary>
    public bool Events { get; private init; }

    /// <summary>The dimension fields, in order.</summary>
    public ImmutableArray<string> Dimensions { get; }

    /// <summary>The measures, in the file's order.</summary>
    public ImmutableArray<string> Measures { get; }

    // Per measure, the columns of its value and of its intervals' ends (Measures.IntervalSuffixes).
    private int[] ValueColumns { get; }

    /// <summary>
    /// A collector for a table whose fields are dimensions (with domains) followed by
    /// each measure's columns (<c>measure, measure_lower, measure_upper, measure_noise_lower,
    /// measure_noise_upper</c>); null for any other table.
    /// </summary>
    public static PublishedValues? ForSchema(string path, IReadOnlyList<(string Name, string Type, bool IsDimension)> fields, bool events = false)
    {
        var dimensions = fields.TakeWhile(f => f.IsDimension).Select(f => f.Name).ToImmutableArray();
        var rest = fields.Skip(dimensions.Length).ToArray();
        const int width = 5;
        if (rest.Length == 0 || rest.Length % width != 0)
        {
            return null;
        }

        var measures = ImmutableArray.CreateBuilder<string>();
        var columns = new List<int>();
        for (var i = 0; i < rest.Length; i += width)
        {
            if (!Design.Measures.TryParse(rest[i].Name, out var m) || !rest.Skip(i).Take(width).Select(f => f.Name).SequenceEqual(Design.Measures.Columns(m), StringComparer.Ordinal) || rest.Skip(i).Take(width).Any(f => f.Type != "integer"))
            {
                return null;
            }

            measures.Add(rest[i].Name);
            columns.AddRange(Enumerable.Range(dimensions.Length + i, width));
        }

        return new PublishedValues(path, dimensions, measures.ToImmutable(), [.. columns]) { Events = events };
    }

    /// <summary>Adds one row, after checking it alone; false (with a problem reported) when it fails.</summary>
    public bool Add(long line, ImmutableArray<string> cell, long[] numbers, Action<string, string> problem)
    {
        var values = new long[Measures.Length];
        for (var m = 0; m < Measures.Length; m++)
        {
            var at = 5 * m;
            var (value, lower, upper, noiseLower, noiseUpper) = (numbers[ValueColumns[at]], numbers[ValueColumns[at + 1]], numbers[ValueColumns[at + 2]], numbers[ValueColumns[at + 3]], numbers[ValueColumns[at + 4]]);
            if (lower < 0 || value < 0)
            {
                problem(Path, $"line {line}: {Measures[m]} {value} (interval {lower} to {upper}) is negative; published counts and interval ends are non-negative");
                return false;
            }

            if (noiseLower > value || value > noiseUpper)
            {
                problem(Path, $"line {line}: {Measures[m]} {value} is outside its noise interval {noiseLower} to {noiseUpper}");
                return false;
            }

            if (lower > noiseLower || noiseUpper > upper)
            {
                problem(Path, $"line {line}: {Measures[m]}'s noise interval {noiseLower} to {noiseUpper} is not inside its interval for the true count {lower} to {upper}");
                return false;
            }

            values[m] = value;
        }

        // Measures are listed in stage order (arrests first), so each must be at most the one before it.
        if (Events)
        {
            return true;
        }

        var order = Measures.Select(m => Design.Measures.Names.IndexOf(m)).ToArray();
        for (var a = 0; a < Measures.Length; a++)
        {
            for (var b = 0; b < Measures.Length; b++)
            {
                if (order[a] < order[b] && values[a] < values[b])
                {
                    problem(Path, $"line {line}: {Measures[b]} ({values[b]}) exceeds {Measures[a]} ({values[a]}); every removal is a detainer, every detainer a match, every match an arrest");
                    return false;
                }
            }
        }

        _rows.Add((cell, values));
        return true;
    }

    /// <summary>
    /// Reports every margin two tables share that differs between them: for each pair, each measure both
    /// publish, summed over the dimensions only one of them has (all of them when they share none).
    /// </summary>
    public static void CheckConsistency(IReadOnlyList<PublishedValues> tables, Action<string, string> problem)
    {
        for (var a = 0; a < tables.Count; a++)
        {
            for (var b = a + 1; b < tables.Count; b++)
            {
                var (x, y) = (tables[a], tables[b]);
                var shared = x.Dimensions.Intersect(y.Dimensions, StringComparer.Ordinal).ToArray();
                foreach (var measure in x.Measures.Intersect(y.Measures, StringComparer.Ordinal))
                {
                    var left = x.Margin(shared, measure);
                    var right = y.Margin(shared, measure);
                    var differing = left.Keys.Union(right.Keys, StringComparer.Ordinal).FirstOrDefault(k => left.GetValueOrDefault(k) != right.GetValueOrDefault(k));
                    if (differing is not null)
                    {
                        var where = shared.Length == 0 ? "in total" : "for " + string.Join(", ", shared.Zip(differing.Split('\u001F'), (d, v) => $"{d}={v}"));
                        problem(y.Path, $"{measure} {where} is {right.GetValueOrDefault(differing)}, but {x.Path} says {left.GetValueOrDefault(differing)}: tables must agree on every margin they share");
                    }
                }
            }
        }
    }

    private Dictionary<string, long> Margin(string[] shared, string measure)
    {
        var positions = shared.Select(d => Dimensions.IndexOf(d)).ToArray();
        var m = Measures.IndexOf(measure);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (cell, values) in _rows)
        {
            var key = string.Join('\u001F', positions.Select(p => cell[p]));
            sums[key] = sums.GetValueOrDefault(key) + values[m];
        }

        return sums;
    }
}
