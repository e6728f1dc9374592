using PrivacyShare.Internals.Csv;

namespace PrivacyShare.Tests.Support;

/// <summary>
/// The exact, unbounded counts of a raw extract, computed here from the CSV with nothing from the release
/// code: every record in the period counts, however many records its person has. The reference that
/// published values and intervals are held to.
/// </summary>
public sealed class TrueCounts
{
    private static readonly string[] Measures = ["arrests", "ident_matches", "detainers", "removals"];

    private readonly List<(Dictionary<string, string> Values, int Stage)> _records = [];

    private TrueCounts()
    {
    }

    /// <summary>Reads every record of <paramref name="csv"/> whose arrest month is in [from, to].</summary>
    public static TrueCounts Read(string csv, string from = "2008-10", string to = "2010-06")
    {
        var result = new TrueCounts();
        using var reader = CsvTableReader.Open(csv);
        var header = reader.Header.ToArray();
        while (reader.MoveNext())
        {
            var row = Enumerable.Range(0, header.Length).ToDictionary(i => header[i], i => reader[i].ToString());
            // The extract's dates come in the three forms docs/schema.md lists; parsed here with .NET's own parser.
            var month = DateTime.ParseExact(row["arrest_date"], ["yyyy-MM-dd", "M/d/yyyy", "yyyyMMdd"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            if (string.CompareOrdinal(month, from) < 0 || string.CompareOrdinal(month, to) > 0)
            {
                continue;
            }

            row["arrest_month"] = month;
            var stage = row["removed"] == "Y" ? 3 : row["detainer_issued"] == "Y" ? 2 : row["ident_match"] == "Y" ? 1 : 0;
            result._records.Add((row, stage));
        }

        return result;
    }

    /// <summary>The number of records.</summary>
    public int Records => _records.Count;

    /// <summary>
    /// The exact count of <paramref name="measure"/> in each cell over <paramref name="dimensions"/>, keyed by
    /// the cell's values joined with '|'; a value outside <paramref name="domains"/> (when given for that
    /// dimension) counts as OTHER.
    /// </summary>
    public Dictionary<string, long> Count(IReadOnlyList<string> dimensions, string measure, IReadOnlyDictionary<string, string[]>? domains = null)
    {
        var first = Array.IndexOf(Measures, measure);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (values, stage) in _records)
        {
            if (stage < first)
            {
                continue;
            }

            var key = string.Join('|', dimensions.Select(d =>
                domains is not null && domains.TryGetValue(d, out var domain) && !domain.Contains(values[d]) ? "OTHER" : values[d]));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
