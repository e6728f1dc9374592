using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// Which published values a calendar's summary changed, and by how much (docs/calendar.md, "Summaries"):
/// each table's values against the previous release's, cell by cell. Post-processing of published values
/// only. The previous release's table files are read, before anything is spent, only when their SHA-256
/// is the one its manifest states (the manifest itself is the one the ledger recorded).
/// </summary>
internal static class ValueChanges
{
    /// <summary>
    /// The previous release's published values of every table of <paramref name="design"/>, from its
    /// folder <paramref name="previous"/>, whose table hashes are <paramref name="hashes"/> (file name to
    /// SHA-256): read before anything is spent.
    /// </summary>
    /// <exception cref="RefusedException">A previous table is missing or not the one its manifest states.</exception>
    public static long[][] ReadPrevious(ReleaseDesign design, string previous, IReadOnlyDictionary<string, string> hashes) =>
        [.. design.Tables.Select(table =>
        {
            var name = ReleaseFolder.TableFileName(table.Name);
            var path = Path.Combine(previous, name);
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
            if (!hashes.TryGetValue(name, out var hash) || ReleaseFolder.Sha256(bytes) != hash)
            {
                throw Throw.PreviousTableChanged(path);
            }

            using var reader = CsvTableReader.Open(path, new MemoryStream(bytes, writable: false));
            var dimensions = table.Dimensions.Length;
            var measures = table.Measures.Length;
            var values = new long[table.Cells * measures];
            for (long cell = 0; cell < table.Cells; cell++)
            {
                if (!reader.MoveNext())
                {
                    throw Throw.PreviousTableChanged(path);
                }

                for (var m = 0; m < measures; m++)
                {
                    values[cell * measures + m] = long.Parse(reader[dimensions + 3 * m], NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }

            return values;
        })];

    /// <summary>The values of <paramref name="published"/> that differ from <paramref name="before"/> (<see cref="ReadPrevious"/>), cell by cell.</summary>
    public static List<ValueChange> Compare(ReleaseDesign design, IReadOnlyList<PublishedTable> published, long[][] before)
    {
        var changes = new List<ValueChange>();
        for (var t = 0; t < design.Tables.Length; t++)
        {
            var table = design.Tables[t];
            var measures = table.Measures.Length;
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var values = new int[sizes.Length];
            for (long cell = 0; cell < table.Cells; cell++)
            {
                for (var m = 0; m < measures; m++)
                {
                    var i = cell * measures + m;
                    if (before[t][i] != published[t].Display[i])
                    {
                        CellIndex.Decode(cell, sizes, values);
                        changes.Add(new ValueChange(table.Name, ReleaseFolder.CellLabel(table.Dimensions, values), Measures.Name(table.Measures[m]), before[t][i], published[t].Display[i]));
                    }
                }
            }
        }

        return changes;
    }

    /// <summary>The changes in plain lines for METHODOLOGY.md and the report: per table a count, then each change.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<ValueChange> changes) =>
        changes.Select(c => $"{c.Table}, {c.Cell}, {c.Measure}: {c.Before.ToString("N0", CultureInfo.InvariantCulture)} → {c.After.ToString("N0", CultureInfo.InvariantCulture)} ({(c.After - c.Before).ToString("+#,0;-#,0", CultureInfo.InvariantCulture)})");
}
