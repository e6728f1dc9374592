using PrivacyShare.Records;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Records;

/// <summary>
/// Ages without a date of birth (docs/schema.md): an extract may give the age at arrest, exact or as
/// the range an agency publishes, and age bands are any ranges that share no age.
/// </summary>
public sealed class AgeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("34", 34, 34)]
    [InlineData("0", 0, 0)]
    [InlineData("120", 120, 120)]
    [InlineData(" 25-44 ", 25, 44)]
    [InlineData("25 - 44", 25, 44)]
    [InlineData("<18", 0, 17)]
    [InlineData("< 18", 0, 17)]
    [InlineData("65+", 65, 120)]
    [InlineData("18-18", 18, 18)]
    public void AgeRange_ReadsEveryForm(string text, int low, int high)
    {
        Assert.True(AgeRange.TryParse(text, out var age), text);
        Assert.Equal((low, high), (age.Low, age.High));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("UNKNOWN")]
    [InlineData("44-25")]
    [InlineData("121")]
    [InlineData("1020")]
    [InlineData("<0")]
    [InlineData("-5")]
    [InlineData("5-")]
    [InlineData("+65")]
    [InlineData("25-44-60")]
    [InlineData("3.5")]
    [InlineData("<18+")]
    public void AgeRange_RefusesAnythingElse(string text) =>
        Assert.False(AgeRange.TryParse(text, out _), text);

    [Theory]
    [InlineData("34")]
    [InlineData("25-44")]
    [InlineData("65+")]
    public void AgeRange_WritesWhatItReads(string text)
    {
        Assert.True(AgeRange.TryParse(text, out var age));
        Assert.Equal(text, age.ToString());
    }

    [Fact]
    public void Bands_PutEveryAgeInTheBandWhoseBoundsHoldIt()
    {
        // NYPD's groups, and the default bands, with their bounds as published, written out here.
        var nypd = AgeBands.Parse(["<18", "18-24", "25-44", "45-64", "65+"], out _)!;
        int[] nypdFloors = [0, 18, 25, 45, 65];
        int[] defaultFloors = [0, 18, 25, 35, 45, 55, 65];
        for (var age = 0; age <= AgeRange.Oldest; age++)
        {
            Assert.Equal(Array.FindLastIndex(nypdFloors, f => f <= age), nypd.IndexOf(AgeRange.Exact(age)));
            Assert.Equal(Array.FindLastIndex(defaultFloors, f => f <= age), AgeBands.Default.IndexOf(AgeRange.Exact(age)));
        }

        Assert.True(nypd.CoversEveryAge);
        Assert.True(AgeBands.Default.CoversEveryAge);
        Assert.Equal(6, AgeBands.Default.IndexOf(AgeRange.Exact(150))); // a date of birth 150 years back: 65+, as always
    }

    [Fact]
    public void Bands_TakeARangeOnlyWhenOneBandHoldsAllOfIt()
    {
        var nypd = AgeBands.Parse(["<18", "18-24", "25-44", "45-64", "65+"], out _)!;
        var partial = AgeBands.Parse(["18-24", "25-44"], out _)!;
        Assert.True(AgeRange.TryParse("25-44", out var group));

        Assert.Equal(2, nypd.IndexOf(group));
        Assert.Equal(-2, AgeBands.Default.IndexOf(group)); // reaches into 25-34 and 35-44
        Assert.Equal("25-34, 35-44", AgeBands.Default.Spanned(group));
        Assert.Equal(-1, partial.IndexOf(AgeRange.Exact(70)));
        Assert.False(partial.CoversEveryAge);
    }

    [Theory]
    [InlineData("adult", "'adult' is not an age band")]
    [InlineData("18-30,25-44", "'18-30' and '25-44' share an age")]
    [InlineData("<18,17", "'<18' and '17' share an age")]
    public void Bands_ThatAreNotAgesOrOverlap_AreRefusedWithTheLabels(string labels, string expected)
    {
        Assert.Null(AgeBands.Parse(labels.Split(','), out var problem));
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    private static string AgeRow(string booking, string age) =>
        Extracts.GoodRow.Replace("08-00000001", booking, StringComparison.Ordinal).Replace("1985-05-28", age, StringComparison.Ordinal);

    private static string AgeCsv(params string[] rows) =>
        string.Join("\n", [string.Join(",", ArrestSchema.ColumnsWithAge), .. rows]) + "\n";

    [Fact]
    public void Reader_TakesTheAgeInPlaceOfTheDateOfBirth_AndTheWriterGivesItBack()
    {
        var path = _dir.Write("a.csv", AgeCsv(AgeRow("1", "23"), AgeRow("2", "25-44"), AgeRow("3", "<18")));

        using (var reader = ArrestCsvReader.Open(path))
        {
            Assert.True(reader.HasAge);
        }

        var records = ArrestCsvReader.ReadAll(path).ToList();
        Assert.All(records, r => Assert.Null(r.Dob));
        Assert.Equal([new AgeRange(23, 23), new AgeRange(25, 44), new AgeRange(0, 17)], records.Select(r => r.Age!.Value));

        using var stream = new MemoryStream();
        using (var writer = new ArrestCsvWriter(stream, age: true))
        {
            records.ForEach(writer.Write);
            writer.Complete();
        }

        var back = _dir.WriteBytes("b.csv", stream.ToArray());
        Assert.Equal(records, ArrestCsvReader.ReadAll(back).ToList());
        Assert.Contains(",0-17,", File.ReadAllText(back), StringComparison.Ordinal); // "<18" in its canonical spelling
    }

    [Fact]
    public void Reader_RefusesBothBirthColumns_AndABadAge_NamingTheField()
    {
        var both = _dir.Write("both.csv", Extracts.Header + ",age\n" + Extracts.GoodRow + ",34\n");
        var e = Assert.Throws<InputException>(() => ArrestCsvReader.Open(both));
        Assert.Equal("age", e.Column);
        Assert.Contains("not both", e.Problem, StringComparison.Ordinal);

        var bad = _dir.Write("bad.csv", AgeCsv(AgeRow("1", "23"), AgeRow("2", "1020")));
        e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(bad).ToList());
        Assert.Equal((3L, "age"), (e.Line, e.Column));
        Assert.StartsWith("'1020' is not an age", e.Problem, StringComparison.Ordinal);

        var empty = _dir.Write("empty.csv", AgeCsv(AgeRow("1", "")));
        e = Assert.Throws<InputException>(() => ArrestCsvReader.ReadAll(empty).ToList());
        Assert.Equal((2L, "age"), (e.Line, e.Column));
        Assert.StartsWith("is empty", e.Problem, StringComparison.Ordinal);
    }
}
