using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// A release's measurements.csv read onto a design's measured tables and dropped-records counts: the one
/// reader of the file, for <c>query</c> and <c>verify</c> (which need every cell) and for a calendar's
/// next release (which carries every row and adds its own). Every row must name a table cell and stage
/// group, or a dropped-records count and group, of the design, once, with the noise scale the design
/// gives; a release made before the <c>sequence</c> column is read with sequence 0.
/// </summary>
internal sealed class MeasurementsFile
{
    /// <summary>Per table, per cell and group: the noisy count.</summary>
    public required long[][] Values { get; init; }

    /// <summary>Per table, per cell and group: the release that drew it, or 0 where the file has no row.</summary>
    public required long[][] Sequences { get; init; }

    /// <summary>Per table, per cell and group: whether the file has its row.</summary>
    public required bool[][] Seen { get; init; }

    /// <summary>Every dropped-records row: class, group, noisy count, the release that drew it.</summary>
    public required List<(int Class, int Group, long Value, long Sequence)> Dropped { get; init; }

    /// <summary>Reads <paramref name="reader"/> (measurements.csv) onto <paramref name="tables"/> and <paramref name="classes"/>.</summary>
    /// <exception cref="InputException">A row is malformed, unknown or repeated, or states another noise scale; the message names its line and field.</exception>
    public static MeasurementsFile Read(CsvTableReader reader, IReadOnlyList<TableDesign> tables, IReadOnlyList<DroppedDesign> classes, bool events)
    {
        var withSequence = reader.Header.SequenceEqual(ReleaseFolder.MeasurementColumns, StringComparer.Ordinal);
        if (!withSequence && !reader.Header.SequenceEqual(ReleaseFolder.MeasurementColumnsBeforeSequence, StringComparer.Ordinal))
        {
            throw Throw.BadRelease(reader.Path, 1, null, $"its header must be {string.Join(",", ReleaseFolder.MeasurementColumns)}");
        }

        var result = new MeasurementsFile
        {
            Values = [.. tables.Select(t => new long[t.Cells * t.Groups.Length])],
            Sequences = [.. tables.Select(t => new long[t.Cells * t.Groups.Length])],
            Seen = [.. tables.Select(t => new bool[t.Cells * t.Groups.Length])],
            Dropped = [],
        };
        var tableIndex = tables.Select((t, i) => (t.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var classIndex = classes.Select((c, k) => (c.Name, k)).ToDictionary(x => x.Name, x => x.k, StringComparer.Ordinal);
        var cellIndex = tables.Select(t =>
        {
            var cells = new Dictionary<string, long>(StringComparer.Ordinal);
            var sizes = t.Dimensions.Select(d => d.Values.Length).ToArray();
            // Row-major, the last dimension fastest (the cell order of every table), counted like an odometer.
            var values = new int[sizes.Length];
            for (long cell = 0; cell < t.Cells; cell++)
            {
                cells[ReleaseFolder.CellLabel(t.Dimensions, values)] = cell;
                for (var d = sizes.Length - 1; d >= 0 && ++values[d] == sizes[d]; d--)
                {
                    values[d] = 0;
                }
            }

            return cells;
        }).ToArray();
        var droppedSeen = new HashSet<(int Class, int Group, long Sequence)>();
        while (reader.MoveNext())
        {
            var name = reader[0].ToString();
            if (!long.TryParse(reader[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var noisy))
            {
                throw reader.Error(3, $"'{Throw.Show(reader[3])}' is not an integer");
            }

            if (!Stages.TryParse(reader[2].ToString(), out var stages))
            {
                throw reader.Error(2, $"'{Throw.Show(reader[2])}' is not a set of stages");
            }

            var sequence = withSequence ? Sequence(reader) : 0;
            if (tableIndex.TryGetValue(name, out var t))
            {
                var table = tables[t];
                var group = table.Groups.IndexOf(stages);
                if (!cellIndex[t].TryGetValue(reader[1].ToString(), out var cell) || group < 0)
                {
                    throw reader.Error(cellIndex[t].ContainsKey(reader[1].ToString()) ? 2 : 1, $"is not a cell and stage group of table {name}");
                }

                var i = cell * table.Groups.Length + group;
                if (result.Seen[t][i])
                {
                    throw reader.Error(1, "this cell and stage group appears twice");
                }

                result.Seen[t][i] = true;
                result.Values[t][i] = noisy;
                result.Sequences[t][i] = sequence;
                CheckScale(reader, table.Scale);
                continue;
            }

            // A calendar carries every release's dropped-records counts: one row per release, class and group.
            // A count kept per arrest month names its month in the cell column; one for the whole release leaves it empty.
            var k = classIndex.TryGetValue(name, out var found) ? found : -1;
            var g = k < 0 ? -1 : classes[k].Groups.IndexOf(stages);
            if (g >= 0)
            {
                var period = Period(classes[k], reader[1].ToString());
                g = period < 0 ? throw reader.Error(1, classes[k].PeriodDimension is { } by
                    ? $"'{Throw.Show(reader[1])}' is not a {by.Name} of this release (the dropped-records count {name} is kept per {by.Name}: {by.Name}=VALUE)"
                    : $"'{Throw.Show(reader[1])}' must be empty: the dropped-records count {name} is one count for the whole release")
                    : period * classes[k].Groups.Length + g;
            }

            if (g < 0 || (!events && result.Dropped.Any(d => d.Class == k && d.Group == g)) || !droppedSeen.Add((k, g, sequence)))
            {
                throw reader.Error(0, $"'{Throw.Show(name)}' ({Throw.Show(reader[2])}) is not a table or dropped-records count of this release, or appears twice");
            }

            result.Dropped.Add((k, g, noisy, sequence));
            CheckScale(reader, classes[k].Scale);
        }

        return result;
    }

    // The period index of a dropped-records row's cell column, or -1 when it does not fit the class.
    private static int Period(DroppedDesign c, string cell)
    {
        if (c.PeriodDimension is not { } by)
        {
            return cell.Length == 0 ? 0 : -1;
        }

        var prefix = by.Name + "=";
        return cell.StartsWith(prefix, StringComparison.Ordinal) ? by.Values.IndexOf(cell[prefix.Length..]) : -1;
    }

    private static long Sequence(CsvTableReader reader) =>
        long.TryParse(reader[5], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : throw reader.Error(5, $"'{Throw.Show(reader[5])}' is not a release's sequence number");

    // Every measurement states its noise scale; it must be the one the design gives.
    private static void CheckScale(CsvTableReader reader, Privacy.Rational scale)
    {
        if (!Privacy.Rational.TryParse(reader[4].ToString(), out var stated) || stated != scale)
        {
            throw reader.Error(4, $"'{Throw.Show(reader[4])}' is not the noise scale {scale} that the manifest's epsilon, bound and dropped share give");
        }
    }
}
