using System.Text;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Internals.Csv;

/// <summary>
/// The byte formatter used on the pseudonymize hot path must write exactly what the Sep-based
/// <see cref="CsvTableWriter"/> writes, so both are held to Sep's output on awkward values.
/// </summary>
public sealed class Utf8CsvRowsTests
{
    private static readonly string[] Awkward =
    [
        "plain", "", " spaced ", "comma, inside", "quote \" inside", "\"", "\"\"", "line\nbreak", "cr\rhere", "line\r\nbreak",
        "=HYPERLINK(\"x\")", "+1", "-2,3", "@SUM(A1)", "\tX", "\rX", "'already", "Ünïcode ß", "NGUYỄN", "emoji 😀", "a,\"b\"\n",
    ];

    [Fact]
    public void WriteRow_MatchesSepByteForByte()
    {
        var header = Awkward.Select((_, i) => $"c{i}").ToArray();
        var rows = new[] { Awkward, [.. Awkward.Reverse()], [.. Awkward.Select(v => v + v)] };
        var batch = new CellBatch(Awkward.Length);
        foreach (var values in rows)
        {
            var r = batch.AddRow(1);
            for (var c = 0; c < values.Length; c++)
            {
                batch.Set(r, c, values[c]);
            }
        }

        var formatted = new Utf8CsvRows();
        formatted.WriteHeader(header);
        for (var r = 0; r < batch.Count; r++)
        {
            formatted.WriteRow(batch, r);
        }

        Assert.Equal(Encoding.UTF8.GetString(SepCsv.Write(header, rows)), Encoding.UTF8.GetString(formatted.Written));
    }

    [Fact]
    public void WriteHeader_QuotesButNeverNeutralizes()
    {
        string[] header = ["a,b", "-x", "=y", "q\""];

        var formatted = new Utf8CsvRows();
        formatted.WriteHeader(header);

        Assert.Equal(Encoding.UTF8.GetString(SepCsv.Write(header, [])), Encoding.UTF8.GetString(formatted.Written));
        Assert.Equal("\"a,b\",-x,=y,\"q\"\"\"\n", Encoding.UTF8.GetString(formatted.Written));
    }

    [Fact]
    public void Clear_StartsOver()
    {
        var formatted = new Utf8CsvRows();
        formatted.WriteHeader(["a"]);
        formatted.Clear();
        formatted.WriteHeader(["b"]);

        Assert.Equal("b\n", Encoding.UTF8.GetString(formatted.Written));
    }

    [Fact]
    public void WriteRow_LongValues_GrowTheBuffer()
    {
        var big = new string('"', 200_000);
        var batch = new CellBatch(1);
        batch.Set(batch.AddRow(1), 0, big);

        var formatted = new Utf8CsvRows();
        formatted.WriteRow(batch, 0);

        Assert.Equal(Encoding.UTF8.GetString(SepCsv.Write(["h"], [[big]])).Split('\n', 2)[1], Encoding.UTF8.GetString(formatted.Written));
    }
}
