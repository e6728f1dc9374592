using System.Text;
using PrivacyShare.Records;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Records;

public sealed class ArrestCsvReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadAll_GoodFile_ParsesEveryField()
    {
        var path = _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow, Extracts.SecondRow));

        var records = ArrestCsvReader.ReadAll(path).ToList();

        Assert.Equal(2, records.Count);
        var r = records[0];
        Assert.Equal("08-00000001", r.BookingId);
        Assert.Equal(new DateOnly(2008, 11, 13), r.ArrestDate);
        Assert.Equal("GARCIA", r.LastName);
        Assert.Equal(new DateOnly(1985, 5, 28), r.Dob);
        Assert.Equal(Sex.Male, r.Sex);
        Assert.Equal(Race.White, r.Race);
        Assert.Equal(Ethnicity.Hispanic, r.Ethnicity);
        Assert.Equal(OffenseLevel.Level1, r.OffenseLevel);
        Assert.True(r.IdentMatch);
        Assert.True(r.DetainerIssued);
        Assert.False(r.Removed);
        Assert.Equal("A&B WITH DANGEROUS WEAPON", r.ChargeDescription);
    }

    [Fact]
    public void ReadAll_UsAndCompactDates_AreNormalized()
    {
        var path = _dir.Write("a.csv", Extracts.Csv(Extracts.SecondRow));

        var r = Assert.Single(ArrestCsvReader.ReadAll(path));

        Assert.Equal(new DateOnly(2009, 3, 7), r.ArrestDate);
        Assert.Equal(new DateOnly(1990, 1, 2), r.Dob);
        Assert.Equal("", r.FbiNumber);
    }

    [Fact]
    public void ReadAll_BomCrlfAndColumnsInAnyOrder_AreAccepted()
    {
        var columns = ArrestSchema.Columns.Reverse().ToArray();
        var values = Extracts.GoodRow.Split(',').Reverse();
        var text = string.Join(",", columns) + "\r\n" + string.Join(",", values) + "\r\n";
        var path = _dir.WriteBytes("a.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        var r = Assert.Single(ArrestCsvReader.ReadAll(path));

        Assert.Equal("08-00000001", r.BookingId);
        Assert.Equal("N", r.Removed ? "Y" : "N");
    }

    [Fact]
    public void ReadAll_QuotedFields_AreUnescapedPerRfc4180()
    {
        var row = Extracts.RowWith(ArrestSchema.ChargeDescription, "\"ASSAULT, \"\"AGGRAVATED\"\"\nSECOND LINE\"");
        var path = _dir.Write("a.csv", Extracts.Csv(row, Extracts.SecondRow));

        var records = ArrestCsvReader.ReadAll(path).ToList();

        Assert.Equal("ASSAULT, \"AGGRAVATED\"\nSECOND LINE", records[0].ChargeDescription);
        Assert.Equal("SHOPLIFTING", records[1].ChargeDescription);
    }

    [Fact]
    public void ReadAll_BlankLines_AreSkipped()
    {
        var path = _dir.Write("a.csv", Extracts.Header + "\n" + Extracts.GoodRow + "\n\n" + Extracts.SecondRow + "\n\n");

        Assert.Equal(2, ArrestCsvReader.ReadAll(path).Count());
    }

    [Theory]
    [InlineData("sex", "Q", "not a valid sex code; expected one of M, F, X, U")]
    [InlineData("race", "H", "not a valid race (NCIC) code; expected one of W, B, A, I, P, U")]
    [InlineData("ethnicity", "X", "not a valid ethnicity code; expected one of H, N, U")]
    [InlineData("offense_level", "4", "not a valid offense level code; expected one of 1, 2, 3")]
    [InlineData("ident_match", "yes", "not a valid flag code; expected one of Y, N")]
    [InlineData("removed", "", "not a valid flag code")]
    [InlineData("arrest_date", "2008-13-01", "is not a date")]
    [InlineData("dob", "31/12/1980", "is not a date")]
    [InlineData("booking_id", "", "is empty")]
    public void ReadAll_InvalidField_NamesFileLineAndColumn(string column, string value, string problem)
    {
        var path = _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow, Extracts.RowWith(column, value)));

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(path).ToList());

        Assert.Equal(path, e.Path);
        Assert.Equal(3, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"{path}:3: field '{column}': ", e.Message);
    }

    [Fact]
    public void Open_MissingHeaderColumn_IsNamed()
    {
        var header = Extracts.Header.Replace(",removed", "");
        var path = _dir.Write("a.csv", header + "\n");

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(path));

        Assert.Equal(1, e.Line);
        Assert.Contains("lacks column(s) removed", e.Message);
    }

    [Fact]
    public void Open_DuplicateHeaderColumn_IsNamed()
    {
        var path = _dir.Write("a.csv", Extracts.Header + ",sex\n");

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(path));

        Assert.Equal("sex", e.Column);
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void Open_UnknownHeaderColumn_IsNamed()
    {
        var path = _dir.Write("a.csv", Extracts.Header + ",ssn\n");

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(path));

        Assert.Equal("ssn", e.Column);
        Assert.Contains("not a column of the canonical extract", e.Message);
    }

    [Theory]
    [InlineData(",EXTRA", 19)]
    [InlineData("", 17)]
    public void ReadAll_WrongFieldCount_GivesLineAndCounts(string change, int fields)
    {
        var row = change == "" ? Extracts.GoodRow[..Extracts.GoodRow.LastIndexOf(',')] : Extracts.GoodRow + change;
        var path = _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow, Extracts.GoodRow, row));

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(path).ToList());

        Assert.Equal(4, e.Line);
        Assert.Contains($"has {fields} field(s) but the header has 18", e.Message);
    }

    [Fact]
    public void ReadAll_UnbalancedQuote_IsReportedNotSwallowed()
    {
        var row = Extracts.RowWith(ArrestSchema.ChargeDescription, "\"ASSAULT");
        var path = _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow, row, Extracts.SecondRow));

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(path).ToList());

        Assert.Equal(3, e.Line);
        Assert.Contains("unbalanced quote", e.Message);
    }

    [Fact]
    public void ReadAll_QuoteInsideUnquotedField_IsAnError()
    {
        var row = Extracts.RowWith(ArrestSchema.LastName, "O\"BRIEN");
        var path = _dir.Write("a.csv", Extracts.Csv(row));

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(path).ToList());

        Assert.Equal(ArrestSchema.LastName, e.Column);
        Assert.Contains("quote inside an unquoted field", e.Message);
    }

    [Fact]
    public void ReadAll_InvalidUtf8_GivesLine()
    {
        var bytes = Encoding.UTF8.GetBytes(Extracts.Csv(Extracts.GoodRow, Extracts.GoodRow, Extracts.SecondRow)).ToList();
        var at = Encoding.UTF8.GetByteCount(Extracts.Csv(Extracts.GoodRow, Extracts.GoodRow)) + 18;
        bytes[at] = 0xFF;
        var path = _dir.WriteBytes("a.csv", [.. bytes]);

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(path).ToList());

        Assert.Equal(4, e.Line);
        Assert.Contains("not valid UTF-8 (byte 19 of the line)", e.Message);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void Open_EmptyFile_SaysSo(byte[] content)
    {
        var path = _dir.WriteBytes("a.csv", content);

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(path));

        Assert.Contains("the file is empty", e.Message);
    }

    [Fact]
    public void Open_Folder_SaysSo()
    {
        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(_dir.Path));

        Assert.Contains("is a folder, not a file", e.Message);
    }

    [Fact]
    public void Open_MissingFile_SaysSo()
    {
        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(_dir.File("nope.csv")));

        Assert.EndsWith("nope.csv: no such file", e.Message);
    }

    [SkippableFact]
    public void Open_UnreadableFile_SaysPermissionDenied()
    {
        var path = _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow));
        File.SetUnixFileMode(path, UnixFileMode.None);

        // Root reads everything, so in-process the check cannot be exercised there;
        // Cli/PermissionTests runs it as the unprivileged user instead.
        Skip.If(CanRead(path), "running as root, which reads a file of mode 000; Cli/PermissionTests covers this case");

        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(path));

        Assert.Contains("permission denied", e.Message);
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var _ = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
