using System.Text.RegularExpressions;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

public sealed partial class PseudonymizerTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly PseudonymKey _key;

    public PseudonymizerTests()
    {
        _key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    private PseudonymizeResult Run(string input, int? minK = null, string output = "out.csv") =>
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File(output), Key = _key, MinK = minK, ReportPath = _dir.File(output + ".risk.json") });

    private static List<string[]> ReadRows(string path)
    {
        using var reader = CsvTableReader.Open(path);
        var rows = new List<string[]>();
        while (reader.MoveNext())
        {
            rows.Add([.. Enumerable.Range(0, reader.Header.Count).Select(i => reader[i].ToString())]);
        }

        return rows;
    }

    private string Synth(int rows, int seed = 5)
    {
        var path = _dir.File($"synth-{rows}-{seed}.csv");
        Synthesizer.Run(new SynthOptions { Rows = rows, Seed = seed, OutputPath = path });
        return path;
    }

    [Fact]
    public void Run_Output_IsWhatSepWritesForTheSameCells()
    {
        // Kept code columns carry the extract's codes; generated columns are copied unchecked, so the
        // whole file is held to Sep's writer, cell for cell.
        string[] codes = ["B2", "265/15A", "94C/32", "90(24)", "A.1", "X-9", "E13"];
        var rows = codes.SelectMany(v => new[] { Extracts.RowWith("district", v), Extracts.RowWith("charge_code", v) }).ToArray();
        var result = Run(_dir.Write("in.csv", Extracts.Csv([.. rows, Extracts.SecondRow])));

        var cells = ReadRows(_dir.File("out.csv"));
        var expected = SepCsv.Write(result.OutputColumns, cells.Select(r => r.ToArray()));

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), File.ReadAllText(_dir.File("out.csv")));
        Assert.Contains(cells, r => r.Contains("90(24)"));
    }

    [Theory]
    [InlineData("charge_code", "JOHN KIRLIN DOB 1993-01-28 FBI 38322046L")]
    [InlineData("district", "=HYPERLINK(\"x\")")]
    [InlineData("charge_code", "KIRLIN,JOHN")]
    public void Run_FreeTextInAKeptCodeColumn_IsAnInputError_ThatDoesNotEchoIt(string column, string text)
    {
        var value = text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, Extracts.RowWith(column, value)));

        var e = Assert.Throws<InputException>(() => Run(input));

        Assert.Equal(3, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains("is not a code", e.Message);
        Assert.DoesNotContain("KIRLIN", e.Message);
        Assert.DoesNotContain("HYPERLINK", e.Message);
        Assert.False(File.Exists(_dir.File("out.csv")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2)]
    public void FromStreamToStream_WritesTheSameBytesAsTheFileRun(int? minK)
    {
        var input = Synth(2_000);
        var file = Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("file.csv"), Key = _key, MinK = minK });
        using var source = new MemoryStream(File.ReadAllBytes(input));
        using var destination = new MemoryStream();

        var stream = Pseudonymizer.Run(source, destination, _key, minK: minK);

        Assert.Equal(File.ReadAllBytes(_dir.File("file.csv")), destination.ToArray());
        Assert.Equal((file.RecordsRead, file.RecordsWritten), (stream.RecordsRead, stream.RecordsWritten));
        Assert.True(source.CanRead && destination.CanWrite); // the caller's streams stay open
    }

    [Fact]
    public void FromAStreamThatCannotSeek_AMinimumClassSizeIsRefused()
    {
        using var source = new UnseekableStream(File.ReadAllBytes(Synth(100)));

        var e = Assert.Throws<ArgumentException>(() => Pseudonymizer.Run(source, new MemoryStream(), _key, minK: 5));

        Assert.Contains("reads the input more than once", e.Message);
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void APolicyPattern_IsTheKeptColumnsCodeFormat_MatchedInWhole()
    {
        // Massachusetts charge codes as the policy states them: chapter/section, e.g. 265/15A.
        var policy = Policy(c => c["pattern"] = "[0-9]{2,3}[A-Z]?/[0-9]{1,3}[A-Z]?");
        var good = _dir.Write("good.csv", Extracts.Csv(Extracts.GoodRow, Extracts.SecondRow));
        var bad = _dir.Write("bad.csv", Extracts.Csv(Extracts.GoodRow, Extracts.RowWith("charge_code", "265/15A1234")));
        var codeButNotThisFormat = _dir.Write("b2.csv", Extracts.Csv(Extracts.RowWith("charge_code", "B2")));

        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = good, OutputPath = _dir.File("good-out.csv"), Key = _key, Policy = policy });
        var e = Assert.Throws<InputException>(() => Pseudonymizer.Run(new PseudonymizeOptions { InputPath = bad, OutputPath = _dir.File("bad-out.csv"), Key = _key, Policy = policy }));
        var e2 = Assert.Throws<InputException>(() => Pseudonymizer.Run(new PseudonymizeOptions { InputPath = codeButNotThisFormat, OutputPath = _dir.File("b2-out.csv"), Key = _key, Policy = policy }));

        Assert.Equal(["265/15A", "266/30A"], ReadRows(_dir.File("good-out.csv")).Select(r => r[Array.IndexOf(ReadHeader(_dir.File("good-out.csv")), "charge_code")]));
        Assert.Equal((3L, "charge_code"), (e.Line!.Value, e.Column));
        Assert.Contains("does not match the policy's pattern", e.Message);
        Assert.DoesNotContain("1234", e.Message);
        Assert.Equal(2L, e2.Line);
        Assert.False(File.Exists(_dir.File("bad-out.csv")));
    }

    [Theory]
    [InlineData("charge_code", "drop", "(", "only keep takes a pattern")]
    [InlineData("charge_code", "keep", "(", "is not a regular expression")]
    [InlineData("charge_code", "keep", "(a)\\1", "no backreferences or lookarounds")]
    [InlineData("charge_code", "keep", "", "must be 1 to 200 characters")]
    [InlineData("sex", "keep", "[MF]", "applies only to kept columns without one")]
    public void ABadPattern_IsALocatedPolicyError(string column, string action, string pattern, string message)
    {
        var e = Assert.Throws<InputException>(() =>
        {
            var policy = Policy(c => { c["action"] = action; c["pattern"] = pattern; }, column);
            return Pseudonymizer.Run(new PseudonymizeOptions { InputPath = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow)), OutputPath = _dir.File("o.csv"), Key = _key, Policy = policy });
        });

        Assert.Contains(message, e.Message);
        Assert.Contains("policy.json", e.Path);
        Assert.False(File.Exists(_dir.File("o.csv")));
    }

    private PseudonymPolicy Policy(Action<System.Text.Json.Nodes.JsonObject> edit, string column = "charge_code")
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "policies", "default.json")))!.AsObject();
        edit(json["columns"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string)c["input"]! == column));
        return PseudonymPolicy.Load(_dir.Write("policy.json", json.ToJsonString()));
    }

    private static string[] ReadHeader(string path)
    {
        using var reader = CsvTableReader.Open(path);
        return [.. reader.Header];
    }

    [Fact]
    public void Run_Generalizations_AreExact()
    {
        var young = Extracts.RowWith("dob", "1990-11-14").Replace("02119", "02119-1234"); // 17 the day before the 18th birthday
        var birthday = Extracts.RowWith("dob", "1990-11-13");
        var old = Extracts.RowWith("dob", "1943-11-13");
        var noZip = Extracts.RowWith("home_zip", "");
        Run(_dir.Write("in.csv", Extracts.Csv(young, birthday, old, noZip)));

        var rows = ReadRows(_dir.File("out.csv"));

        Assert.Equal(["2008-11", "0-17", "021"], rows[0][2..4].Append(rows[0][8]));
        Assert.Equal("18-24", rows[1][3]);
        Assert.Equal("65+", rows[2][3]);
        Assert.Equal("", rows[3][8]);
    }

    [Fact]
    public void Run_DirectIdentifiers_NeverReachTheOutput()
    {
        var input = Synth(20_000);
        Run(input);

        var output = File.ReadAllText(_dir.File("out.csv"));
        var upper = output.ToUpperInvariant();
        var records = ArrestCsvReader.ReadAll(input).ToList();
        foreach (var r in records.Take(2_000))
        {
            if (r.FbiNumber.Length > 0)
            {
                Assert.DoesNotContain(r.FbiNumber, output, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(r.BookingId, output, StringComparison.Ordinal);
            Assert.DoesNotContain("," + r.LastName.Trim().ToUpperInvariant() + ",", upper, StringComparison.Ordinal);
            Assert.DoesNotContain(r.Dob!.Value.ToString("yyyy-MM-dd"), output, StringComparison.Ordinal);
            Assert.DoesNotContain(r.ArrestDate.ToString("yyyy-MM-dd"), output, StringComparison.Ordinal);
            if (r.HomeZip.Length == 5)
            {
                Assert.DoesNotContain("," + r.HomeZip + ",", output, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("SHOPLIFTING", output, StringComparison.Ordinal); // charge_description is dropped
    }

    [Fact]
    public void Run_SamePersonTypedDifferently_GetsOnePersonId_AndDistinctPeopleDiffer()
    {
        var input = Synth(30_000);
        Run(input);

        var records = ArrestCsvReader.ReadAll(input).ToList();
        var personIds = ReadRows(_dir.File("out.csv")).Select(r => r[0]).ToList();
        var byPerson = records.Select((r, i) => (Person: PersonKey(r), Id: personIds[i])).GroupBy(x => x.Person).ToList();

        Assert.All(byPerson, g => Assert.Single(g.Select(x => x.Id).Distinct()));
        Assert.Equal(byPerson.Count, personIds.Distinct().Count());

        // The synthetic data really does type repeat arrests differently; otherwise this proves little.
        var typedDifferently = records.GroupBy(PersonKey).Count(g => g.Select(r => r.LastName + r.FirstName).Distinct().Count() > 1);
        Assert.True(typedDifferently > 500, $"only {typedDifferently} people typed differently");
    }

    [Fact]
    public void Run_OutputKeepsInputOrder_AcrossParallelBatches()
    {
        var input = Synth(9_000, seed: 8);
        Run(input);

        var expected = ArrestCsvReader.ReadAll(input)
            .Select(r => new PseudonymHasher(_key, "booking_id").Compute(Normalization.Normalize(r.BookingId)));
        Assert.Equal(expected, ReadRows(_dir.File("out.csv")).Select(r => r[1]));
    }

    [Fact]
    public void Run_RiskReport_MatchesClassesCountedIndependently()
    {
        var result = Run(Synth(20_000));

        var rows = ReadRows(_dir.File("out.csv"));
        int[] qi = [2, 3, 4, 5, 6, 7, 8, 9];
        var sizes = rows.GroupBy(r => string.Join("|", qi.Select(i => r[i]))).Select(g => (long)g.Count()).ToList();
        var before = result.Risk.Before;
        Assert.Equal(rows.Count, before.Records);
        Assert.Equal(sizes.Count, before.Classes);
        Assert.Equal(sizes.Count(n => n == 1), before.RecordsInUniqueClasses);
        Assert.Equal(sizes.Where(n => n < 5).Sum(), before.RecordsInClassesBelow5);
        Assert.Equal(sizes.Where(n => n < 10).Sum(), before.RecordsInClassesBelow10);
        Assert.Equal(sizes.Min(), before.SmallestClassSize);

        var withoutZip = result.Risk.WithoutEach.Single(d => !d.QuasiIdentifiers.Contains("zip3"));
        var zipless = rows.GroupBy(r => string.Join("|", qi.Where(i => i != 8).Select(i => r[i]))).Count(g => g.Count() == 1);
        Assert.Equal(zipless, withoutZip.RecordsInUniqueClasses);
        Assert.Equal(8, result.Risk.WithoutEach.Length);
        Assert.True(result.Risk.WithoutEach.Zip(result.Risk.WithoutEach.Skip(1)).All(p => p.First.RecordsInUniqueClasses <= p.Second.RecordsInUniqueClasses));
        Assert.Equal(5, result.Risk.UniquestPairs.Length);
        Assert.Contains("\"records_in_unique_classes\"", File.ReadAllText(_dir.File("out.csv.risk.json")));
    }

    [Fact]
    public void Run_MinK_RemovesExactlyTheSmallClasses()
    {
        var input = Synth(20_000);
        var full = Run(input, output: "full.csv");
        var result = Run(input, minK: 3, output: "k3.csv");

        int[] qi = [2, 3, 4, 5, 6, 7, 8, 9];
        var sizesBefore = ReadRows(_dir.File("full.csv")).GroupBy(r => string.Join("|", qi.Select(i => r[i]))).Select(g => g.Count()).ToList();
        var after = ReadRows(_dir.File("k3.csv"));
        var sizesAfter = after.GroupBy(r => string.Join("|", qi.Select(i => r[i]))).Select(g => g.Count()).ToList();

        Assert.True(sizesAfter.Min() >= 3);
        Assert.Equal(sizesBefore.Where(n => n < 3).Sum(), result.Risk.RecordsRemoved);
        Assert.Equal(20_000 - result.Risk.RecordsRemoved, after.Count);
        Assert.Equal(after.Count, result.RecordsWritten);
        Assert.Equal(0, result.Risk.After!.RecordsInUniqueClasses);
        Assert.True(result.Risk.After.SmallestClassSize >= 3);
        Assert.Equal(full.Risk.Before, result.Risk.Before);
    }

    [Theory]
    [InlineData("dob", "1985-02-30", "'1985-02-... (10 characters)' is not a date")] // a birth date is never echoed whole
    [InlineData("arrest_date", "soon", "'soon' is not a date")]
    [InlineData("home_zip", "02A19", "'02A19' is not a ZIP code")]
    [InlineData("dob", "2009-01-01", "is after arrest_date")]
    [InlineData("sex", "Q", "'Q' is not a valid sex code")]
    [InlineData("removed", "maybe", "'maybe' is not a valid flag code")]
    public void Run_BadValueDeepInTheFile_NamesLineAndField_AndWritesNothing(string column, string value, string message)
    {
        var rows = Enumerable.Repeat(Extracts.GoodRow, 9_000).ToList();
        rows[7_000] = Extracts.RowWith(column, value);
        rows[8_500] = "broken,row"; // a later read error must not hide the earlier bad value
        var input = _dir.Write("in.csv", Extracts.Csv([.. rows]));

        var e = Assert.Throws<InputException>(() => Run(input));

        Assert.Equal(7_002, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
        Assert.Equal(["in.csv", "vector.key"], _dir.Files().Order());
    }

    [Fact]
    public void Run_MalformedRow_IsReportedAndNothingWritten()
    {
        var rows = Enumerable.Repeat(Extracts.GoodRow, 5_000).ToList();
        rows[4_000] = Extracts.RowWith("charge_description", "\"UNCLOSED");
        var input = _dir.Write("in.csv", Extracts.Csv([.. rows]));

        var e = Assert.Throws<InputException>(() => Run(input));

        Assert.Equal(4_002, e.Line);
        Assert.Contains("unbalanced quote", e.Message);
        Assert.False(File.Exists(_dir.File("out.csv")));
    }

    private static string PersonKey(ArrestRecord r) => People.Key(r);

}
