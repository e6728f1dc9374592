using System.Text;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Internals.Csv;

public sealed class CsvTableWriterTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Write(string[] header, params string[][] rows) => SepCsv.Write(header, rows);

    [Fact]
    public void Complete_WritesUtf8WithoutBomAndLf()
    {
        var bytes = Write(["a", "b"], ["x", "Ünïcode"]);

        Assert.False(bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]));
        Assert.Equal("a,b\nx,Ünïcode\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void SetText_QuotesPerRfc4180()
    {
        var bytes = Write(["a", "b", "c"], ["has,comma", "has \"quote\"", "two\nlines"]);

        Assert.Equal("a,b,c\n\"has,comma\",\"has \"\"quote\"\"\",\"two\nlines\"\n", Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tX")]
    [InlineData("\rX")]
    public void SetText_FormulaLikeCell_IsNeutralizedWithApostrophe(string value)
    {
        var path = _dir.WriteBytes("t.csv", Write(["a"], [value]));

        using var reader = CsvTableReader.Open(path);
        Assert.True(reader.MoveNext());

        Assert.Equal("'" + value, reader[0].ToString());
    }

    [Fact]
    public void Complete_NoRows_StillWritesHeader()
    {
        Assert.Equal("a,b\n", Encoding.UTF8.GetString(Write(["a", "b"])));
    }

    [Fact]
    public void WriteThenRead_RoundTripsAwkwardText()
    {
        string[] values = ["plain", "comma, inside", "quote \" inside", "line\r\nbreak", "", " spaced "];
        var header = values.Select((_, i) => $"c{i}").ToArray();
        var path = _dir.WriteBytes("t.csv", Write(header, values, values));

        using var reader = CsvTableReader.Open(path);
        for (var r = 0; r < 2; r++)
        {
            Assert.True(reader.MoveNext());
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], reader[i].ToString());
            }
        }

        Assert.False(reader.MoveNext());
    }
}
