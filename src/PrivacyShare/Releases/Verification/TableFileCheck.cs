using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Verification;

/// <summary>
/// Checks one CSV file of a release against its Table Schema in the manifest: the header, integer
/// cells, every cell of the declared domains exactly once, and the canonical form PrivacyShare writes.
/// </summary>
internal static class TableFileCheck
{
    /// <summary>
    /// The published values of a table of counts (dimensions with domains, then each measure's value and
    /// intervals) for the consistency checks; null for another table (measurements.csv) or when a
    /// problem was found.
    /// </summary>
    public static PublishedValues? Check(byte[] bytes, string path, ManifestSchema schema, Action<string, string> problem, bool events = false)
    {
        if (schema.Fields is not { } list || list.Any(f => f is null))
        {
            problem(path, "its schema has no fields");
            return null;
        }

        var fields = list.Select(f => (Name: f.Name ?? "", Type: f.Type ?? "", Domain: f.Constraints?.Enum?.ToArray())).ToArray();
        var values = PublishedValues.ForSchema(path, [.. fields.Select(f => (f.Name, f.Type, f.Domain is not null))], events);
        try
        {
            using var reader = CsvTableReader.Open(path, new MemoryStream(bytes, writable: false));
            if (!reader.Header.SequenceEqual(fields.Select(f => f.Name), StringComparer.Ordinal))
            {
                problem(path, $"its header ({string.Join(",", reader.Header)}) differs from the schema ({string.Join(",", fields.Select(f => f.Name))})");
                return null;
            }

            var dims = Enumerable.Range(0, fields.Length).Where(i => fields[i].Domain is not null).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var expectedCells = dims.Aggregate(1L, (n, i) => n * fields[i].Domain!.Length);
            var numbers = new long[fields.Length];
            var rows = new List<string[]>();
            while (reader.MoveNext())
            {
                // Each field's text once, for every check below and the canonical form: made anew for each
                // use, they took district_by_race's check (a 1.7 KB file) from 70 to 119 KB of allocations.
                var cells = new string[fields.Length];
                for (var i = 0; i < fields.Length; i++)
                {
                    var value = cells[i] = reader[i].ToString();
                    if (fields[i].Type == "integer" && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
                    {
                        problem(path, $"line {reader.Line}: '{Throw.Show(value)}' in {fields[i].Name} is not an integer");
                        return null;
                    }

                    if (fields[i].Domain is { } domain && !domain.Contains(value))
                    {
                        problem(path, $"line {reader.Line}: '{Throw.Show(value)}' is not in the declared domain of {fields[i].Name}");
                        return null;
                    }
                }

                rows.Add(cells);
                var cell = new string[dims.Length];
                for (var d = 0; d < dims.Length; d++)
                {
                    cell[d] = cells[dims[d]];
                }

                // measurements.csv has no dimension fields: its rows are not cells of a domain.
                if (dims.Length > 0 && !seen.Add(string.Join('\u001F', cell)))
                {
                    problem(path, $"line {reader.Line}: a cell appears twice");
                    return null;
                }

                if (values is not null && !values.Add(reader.Line, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(cell), numbers, problem))
                {
                    return null;
                }
            }

            if (dims.Length > 0 && seen.Count != expectedCells)
            {
                problem(path, $"has {seen.Count} cells but its declared domains have {expectedCells}: cells are missing");
                return null;
            }

            if (!Canonical(bytes, [.. fields.Select(f => f.Name)], [.. fields.Select(f => f.Type == "integer")], rows))
            {
                problem(path, "is not in the canonical form PrivacyShare writes (UTF-8 without BOM, LF line ends, integers without sign, quotes or leading zeros): it was edited");
                return null;
            }
        }
        catch (InputException e)
        {
            problem(path, e.Problem);
            return null;
        }

        return values;
    }

    // Whether the bytes are exactly what PrivacyShare's writer makes of these rows: one canonical form,
    // so that two files with the same meaning have the same hash and nothing hides in formatting.
    private static bool Canonical(byte[] bytes, string[] header, bool[] integer, List<string[]> rows)
    {
        // Buffers no larger than the file: a writer's default 64K characters (and its encoder's 192K bytes)
        // for tables of 1 to 16 KB were about a fifth of what a verification of the demo's release allocated.
        using var canonical = new MemoryStream(bytes.Length);
        using (var writer = new CsvTableWriter(canonical, header, bufferSize: Math.Clamp(bytes.Length, 256, 1 << 16)))
        {
            Span<char> digits = stackalloc char[20]; // a long's longest decimal form, sign included: formatted here, not as a string per cell
            foreach (var cells in rows)
            {
                using var row = writer.NewRow();
                for (var i = 0; i < cells.Length; i++)
                {
                    if (integer[i])
                    {
                        long.Parse(cells[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
                        CsvTableWriter.SetValue(row, i, digits[..length]);
                    }
                    else
                    {
                        writer.SetText(row, i, cells[i]);
                    }
                }
            }

            writer.Complete();
        }

        return canonical.ToArray().AsSpan().SequenceEqual(bytes);
    }
}
