using System.Globalization;
using System.Text;
using System.Text.Json;
using PrivacyShare.Import;
using PrivacyShare.Records;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Import;

/// <summary>
/// <c>import</c> (issue #20): an agency layout, written here from synthetic records by code independent
/// of the importer (other column names, words for codes, one combined race and ethnicity column, US
/// date-times, blank flags, no offense level but a charge-code crosswalk, a column to ignore), comes
/// back as exactly the records it was made from; every problem of a file is reported at once; the
/// canonical mapping round-trips; and import and the canonical reader agree on every fuzzed file.
/// </summary>
public sealed class ImporterTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] RaceWords = ["WHITE", "BLACK", "ASIAN", "AMERICAN INDIAN", "PACIFIC ISLANDER", "UNKNOWN RACE"];
    private static readonly string[] EthnicityWords = ["HISPANIC", "NON-HISPANIC", "ETHNICITY UNKNOWN"];
    private static readonly string[] SexWords = ["MALE", "FEMALE", "NONBINARY", "NOT RECORDED"];

    private List<ArrestRecord> Synthetic(int rows, int seed)
    {
        var path = _dir.File($"synth-{seed}.csv");
        Synthesizer.Run(new SynthOptions { Rows = rows, Seed = seed, OutputPath = path });
        return [.. ArrestCsvReader.ReadAll(path)];
    }

    // The agency's export: its own layout, from the records, and the crosswalk its codes need.
    private (string Export, string Mapping) AgencyLayout(IReadOnlyList<ArrestRecord> records)
    {
        var csv = new StringBuilder("ARREST_NO,ARR_DT,SURNAME,GIVEN,BIRTH_DT,GENDER,RACE_ETH,COB,FBI,ZIP,AREA,STATUTE,STATUTE_DESC,IDENT,HOLD,DEPORTED,OFFICER_BADGE\n");
        string Q(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
        var levels = new Dictionary<string, OffenseLevel>(StringComparer.Ordinal);
        foreach (var (r, i) in records.Select((r, i) => (r, i)))
        {
            levels.TryAdd(r.ChargeCode, r.OffenseLevel);
            var at = r.ArrestDate.ToDateTime(new TimeOnly(i % 24, i % 60)).ToString("MM/dd/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture);
            var raceEth = $"{RaceWords[(int)r.Race]} {EthnicityWords[(int)r.Ethnicity]}";
            csv.Append(CultureInfo.InvariantCulture, $"{Q(r.BookingId)},{at},{Q(r.LastName)},{Q(r.FirstName)},{r.Dob!.Value.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture)},{SexWords[(int)r.Sex]},{raceEth},")
               .Append(CultureInfo.InvariantCulture, $"{Q(r.CountryOfBirth)},{Q(r.FbiNumber)},{Q(r.HomeZip)},{Q(r.District)},{Q(r.ChargeCode)},{Q(r.ChargeDescription)},")
               .Append(CultureInfo.InvariantCulture, $"{(r.IdentMatch ? "Y" : "")},{(r.DetainerIssued ? "Y" : "N")},{(r.Removed ? "yes" : "no")},B{i % 977}\n");
        }

        // The generator gives each charge code one level; the crosswalk is taken from it.
        Assert.All(records, r => Assert.Equal(levels[r.ChargeCode], r.OffenseLevel));
        _dir.Write("levels.csv", "code,value,note\n" + string.Concat(levels.Select(l => $"{Q(l.Key)},{(int)l.Value},from the synthetic charges\n")));

        var race = new Dictionary<string, string>(StringComparer.Ordinal);
        var ethnicity = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var r = 0; r < RaceWords.Length; r++)
        {
            for (var e = 0; e < EthnicityWords.Length; e++)
            {
                race[$"{RaceWords[r]} {EthnicityWords[e]}"] = ArrestCodes.RaceCodes[r].ToString();
                ethnicity[$"{RaceWords[r]} {EthnicityWords[e]}"] = ArrestCodes.EthnicityCodes[e].ToString();
            }
        }

        var mapping = new Dictionary<string, object>
        {
            ["description"] = "a records system's layout, for the test",
            ["columns"] = new Dictionary<string, object>
            {
                ["booking_id"] = new { from = "ARREST_NO" },
                ["arrest_date"] = new { from = "ARR_DT", date_formats = new[] { "MM/dd/yyyy hh:mm:ss tt" } },
                ["last_name"] = new { from = "SURNAME" },
                ["first_name"] = new { from = "GIVEN" },
                ["dob"] = new { from = "BIRTH_DT", date_formats = new[] { "MM/dd/yyyy" } },
                ["sex"] = new { from = "GENDER", recode = SexWords.Select((w, i) => (w, i)).ToDictionary(x => x.w.ToLowerInvariant(), x => ArrestCodes.SexCodes[x.i].ToString()) },
                ["race"] = new { from = "RACE_ETH", recode = race },
                ["ethnicity"] = new { from = "RACE_ETH", recode = ethnicity },
                ["country_of_birth"] = new { from = "COB" },
                ["fbi_number"] = new { from = "FBI" },
                ["home_zip"] = new { from = "ZIP" },
                ["district"] = new { from = "AREA" },
                ["charge_code"] = new { from = "STATUTE" },
                ["charge_description"] = new { from = "STATUTE_DESC" },
                ["offense_level"] = new { from = "STATUTE", crosswalk = "levels.csv" },
                ["ident_match"] = new { from = "IDENT", blank = "N" },
                ["detainer_issued"] = new { from = "HOLD" },
                ["removed"] = new { from = "DEPORTED", recode = new Dictionary<string, string> { ["YES"] = "Y", ["NO"] = "N" } },
            },
            ["ignore"] = new[] { "OFFICER_BADGE" },
        };
        return (_dir.Write("export.csv", csv.ToString()), _dir.Write("mapping.json", JsonSerializer.Serialize(mapping)));
    }

    [Fact]
    public void AnAgencyLayout_ComesBackAsTheRecordsItWasMadeFrom()
    {
        var records = Synthetic(1_500, seed: 11);
        var (export, mappingPath) = AgencyLayout(records);
        var result = Importer.Run(new ImportOptions { InputPath = export, Mapping = ImportMapping.Load(mappingPath), OutputPath = _dir.File("out.csv") });

        Assert.Empty(result.Problems);
        Assert.True(result.Written);
        Assert.Equal(records.Count, result.Rows);
        Assert.Equal(records, ArrestCsvReader.ReadAll(_dir.File("out.csv")).ToList());

        // The summary counts what each rule did: every blank IDENT flag became N.
        var blanks = Assert.Single(result.Changes, c => c.Column == ArrestSchema.IdentMatch);
        Assert.Equal(("blank", "N", (long)records.Count(r => !r.IdentMatch)), (blanks.How, blanks.Value, blanks.Count));
        Assert.Equal(records.Count, Assert.Single(result.Changes, c => c.Column == ArrestSchema.OffenseLevel).Count);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("out.csv")));
    }

    [Fact]
    public void EveryProblem_IsListedAtOnce_GroupedWithCountsAndTheFirstLines_AndNothingIsWritten()
    {
        var records = Synthetic(200, seed: 12);
        var (export, mappingPath) = AgencyLayout(records);
        var lines = File.ReadAllLines(export);
        string Set(string line, int field, string value)
        {
            var cells = SplitCsv(line);
            cells[field] = value;
            return string.Join(",", cells.Select(c => c.Contains(',', StringComparison.Ordinal) ? $"\"{c}\"" : c));
        }

        // Line numbers are the file's (header = line 1).
        foreach (var line in new[] { 3, 8, 9, 40, 41, 42, 77 })
        {
            lines[line - 1] = Set(lines[line - 1], 6, line % 2 == 0 ? "PURPLE" : "GREEN"); // race and ethnicity both
        }

        foreach (var line in new[] { 5, 6 })
        {
            lines[line - 1] = Set(lines[line - 1], 1, "2009-13-45");
        }

        lines[10 - 1] = Set(lines[10 - 1], 14, "X"); // a detainer flag that is neither Y nor N
        File.WriteAllLines(export, lines);

        var result = Importer.Run(new ImportOptions { InputPath = export, Mapping = ImportMapping.Load(mappingPath), OutputPath = _dir.File("out.csv") });

        Assert.False(result.Written);
        Assert.False(File.Exists(_dir.File("out.csv")));
        Assert.Equal(["race", "ethnicity", "arrest_date", "detainer_issued"], result.Problems.Select(p => p.Column)); // by first line
        var race = result.Problems.Single(p => p.Column == "race");
        Assert.Equal(7L, race.Rows);
        Assert.Equal(new long[] { 3, 8, 9, 40, 41 }, race.FirstLines.ToArray());
        Assert.Contains("'GREEN' is not in the recode table", race.Problem, StringComparison.Ordinal);
        Assert.Contains("'PURPLE'", race.Problem, StringComparison.Ordinal);
        Assert.Equal("RACE_ETH", race.SourceColumn);
        var date = result.Problems.Single(p => p.Column == "arrest_date");
        Assert.Equal(2L, date.Rows);
        Assert.Equal(new long[] { 5, 6 }, date.FirstLines.ToArray());
        Assert.Contains("MM/dd/yyyy hh:mm:ss tt", date.Problem, StringComparison.Ordinal);
        var flag = result.Problems.Single(p => p.Column == "detainer_issued");
        Assert.Equal(1L, flag.Rows);
        Assert.Equal(new long[] { 10 }, flag.FirstLines.ToArray());
        Assert.Contains("is not a valid flag code", flag.Problem, StringComparison.Ordinal);

        // The command line says the same, and --check writes nothing either.
        var run = Support.Cli.Run("import", "--map", mappingPath, "--in", export, "--check");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("race (from RACE_ETH): 7 rows (lines 3, 8, 9, 40, 41, ...)", run.Error, StringComparison.Ordinal);
        Assert.Contains("arrest_date (from ARR_DT): 2 rows (lines 5, 6)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeader_MustHoldWhatTheMappingReads_AndEveryColumnIsUsedOrIgnored_AllNamedAtOnce()
    {
        var (export, mappingPath) = AgencyLayout(Synthetic(50, seed: 13));
        var lines = File.ReadAllLines(export);
        lines[0] = lines[0].Replace("GENDER", "SEX_CD", StringComparison.Ordinal).Replace("OFFICER_BADGE", "UNIT", StringComparison.Ordinal);
        File.WriteAllLines(export, lines);

        var e = Assert.Throws<InputException>(() => Importer.Run(new ImportOptions { InputPath = export, Mapping = ImportMapping.Load(mappingPath), OutputPath = _dir.File("out.csv") }));
        Assert.Equal(1, e.Line);
        Assert.Contains("reads column GENDER, which the header lacks", e.Problem, StringComparison.Ordinal);
        Assert.Contains("columns SEX_CD, UNIT are neither read by a rule nor listed in \"ignore\"", e.Problem, StringComparison.Ordinal);
        Assert.Contains("\"ignore\" lists OFFICER_BADGE, which the header lacks", e.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("out.csv")));
    }

    [Theory]
    [InlineData("\"notes\": {\"from\": \"X\"}", "columns.notes", "is not a column of the canonical extract")]
    [InlineData("\"sex\": {\"from\": \"G\", \"recode\": {\"MALE\": \"Q\"}}", "columns.sex.recode.MALE", "'Q' is not a valid sex code")]
    [InlineData("\"sex\": {\"from\": \"G\", \"constant\": \"M\"}", "columns.sex", "needs exactly one of \"from\"")]
    [InlineData("\"dob\": {\"from\": \"B\", \"date_formats\": [\"banana\"]}", "columns.dob.date_formats[0]", "is not a .NET custom date format")]
    [InlineData("\"race\": {\"from\": \"R\", \"date_formats\": [\"MM/dd/yyyy\"]}", "columns.race.date_formats", "applies only to arrest_date and dob")]
    [InlineData("\"race\": {\"from\": \"R\", \"otherwise\": \"U\"}", "columns.race.otherwise", "needs a \"recode\" table or a \"crosswalk\"")]
    [InlineData("\"sex\": {\"from\": \"G\", \"pattern\": \"[MF]\"}", "columns.sex.pattern", "on a column of free codes")]
    [InlineData("\"charge_code\": {\"from\": \"C\", \"pattern\": \"(a)\\\\1\"}", "columns.charge_code.pattern", "no backreferences")]
    [InlineData("\"charge_code\": {\"constant\": \"X\", \"pattern\": \"X\"}", "columns.charge_code.pattern", "goes with \"from\" alone")]
    public void AMappingError_NamesItsField_AndTheFix(string rule, string field, string problem)
    {
        var columns = ArrestSchema.Columns.Select(c => $"\"{c}\": {{\"from\": \"{c}\"}}").ToList();
        var name = rule[1..rule.IndexOf('"', 1)];
        columns.RemoveAll(c => c.StartsWith($"\"{name}\":", StringComparison.Ordinal));
        columns.Add(rule);
        var path = _dir.Write("m.json", $"{{\"columns\": {{{string.Join(", ", columns)}}}}}");

        var e = Assert.Throws<InputException>(() => ImportMapping.Load(path));
        Assert.Equal(field, e.Column);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AMappingWithoutEveryColumn_NamesThemAll_AndAnUnknownField_IsNamed()
    {
        // Such a mapping loads (an open-data layout: --check and synth --augment use it), but writes nothing.
        var path = _dir.Write("m.json", "{\"columns\": {\"booking_id\": {\"from\": \"ID\"}}}");
        var mapping = ImportMapping.Load(path);
        Assert.Equal(ArrestSchema.Columns.Skip(1), mapping.Unmapped);
        var export = _dir.Write("e.csv", "ID\nA1\n\nA2\n");
        var e = Assert.Throws<InputException>(() => Importer.Run(new ImportOptions { InputPath = export, Mapping = mapping, OutputPath = _dir.File("out.csv") }));
        Assert.Equal("columns", e.Column);
        Assert.Contains("gives no rule for arrest_date, last_name, first_name, dob", e.Problem, StringComparison.Ordinal);
        Assert.Contains("augment", e.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("out.csv")));

        // --check checks the columns it has, names those it lacks, and fails.
        var check = Importer.Run(new ImportOptions { InputPath = export, Mapping = mapping });
        Assert.Equal((2L, true), (check.Rows, check.Problems.IsEmpty));
        Assert.Equal(mapping.Unmapped, check.Unmapped);
        var run = Support.Cli.Run("import", "--map", path, "--in", export, "--check");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("gives no rule for arrest_date, last_name", run.Error, StringComparison.Ordinal);

        var typo = _dir.Write("t.json", "{\"columns\": {\"booking_id\": {\"form\": \"ID\"}}}");
        var t = Assert.Throws<InputException>(() => ImportMapping.Load(typo));
        Assert.Equal("columns.booking_id.form", t.Column);
        Assert.DoesNotContain("PrivacyShare.", t.Message, StringComparison.Ordinal);
    }

    // A mapping that reads each canonical column from the same-named source column, with the birth
    // column given by `birth` (a rule for dob, age, or both).
    private string SameNames(string name, string birth)
    {
        var columns = ArrestSchema.Columns.Where(c => c != ArrestSchema.Dob).Select(c => $"\"{c}\": {{\"from\": \"{c}\"}}").Append(birth);
        return _dir.Write(name, $"{{\"columns\": {{{string.Join(", ", columns)}}}}}");
    }

    [Fact]
    public void AnExportWithAgeGroups_BecomesAnExtractOfAges_AndBothBirthColumnsAreRefused()
    {
        var header = string.Join(",", ArrestSchema.Columns).Replace("dob", "AGE_GROUP", StringComparison.Ordinal);
        var row = Extracts.GoodRow.Replace("1985-05-28", "{0}", StringComparison.Ordinal);
        var export = _dir.Write("groups.csv", string.Join("\n", [header, .. new[] { "25-44", " <18", "65+", "37" }.Select(g => string.Format(CultureInfo.InvariantCulture, row, g))]) + "\n");
        var mapping = SameNames("ages.json", "\"age\": {\"from\": \"AGE_GROUP\"}");

        var result = Importer.Run(new ImportOptions { InputPath = export, Mapping = ImportMapping.Load(mapping), OutputPath = _dir.File("out.csv") });

        Assert.True(result.Written);
        var lines = File.ReadAllLines(_dir.File("out.csv"));
        Assert.Equal(string.Join(",", ArrestSchema.ColumnsWithAge), lines[0]);
        Assert.Equal(["25-44", "0-17", "65+", "37"], ArrestCsvReader.ReadAll(_dir.File("out.csv")).Select(r => r.Age!.Value.ToString()));

        // A group that is not an age is a problem of the age column, reported with every other.
        var bad = _dir.Write("bad.csv", File.ReadAllText(export).Replace(",37,", ",UNKNOWN,", StringComparison.Ordinal));
        var check = Importer.Run(new ImportOptions { InputPath = bad, Mapping = ImportMapping.Load(mapping) });
        var problem = Assert.Single(check.Problems);
        Assert.Equal(("age", "AGE_GROUP"), (problem.Column, problem.SourceColumn));
        Assert.StartsWith("'UNKNOWN' is not an age", problem.Problem, StringComparison.Ordinal);

        var both = SameNames("both.json", "\"age\": {\"from\": \"AGE_GROUP\"}, \"dob\": {\"from\": \"DOB\"}");
        var e = Assert.Throws<InputException>(() => ImportMapping.Load(both));
        Assert.Equal("columns.age", e.Column);
        Assert.Contains("not both", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ACodeFormat_MakesFreeTextInACodeColumnAProblem()
    {
        var header = string.Join(",", ArrestSchema.Columns);
        var rows = new[] { Extracts.GoodRow, Extracts.GoodRow.Replace("265/15A", "JOHN SMITH", StringComparison.Ordinal), Extracts.GoodRow.Replace("265/15A", "266/30", StringComparison.Ordinal) };
        var export = _dir.Write("e.csv", string.Join("\n", [header, .. rows]) + "\n");
        var mapping = _dir.Write("m.json", File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"))
            .Replace("\"from\": \"charge_code\"", "\"from\": \"charge_code\", \"pattern\": \"[0-9]{3}/[0-9]{2}[A-Z]?\"", StringComparison.Ordinal));

        var result = Importer.Run(new ImportOptions { InputPath = export, Mapping = ImportMapping.Load(mapping) });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("charge_code", 1L, 3L), (problem.Column, problem.Rows, problem.FirstLines[0]));
        Assert.Contains("does not match the code format [0-9]{3}/[0-9]{2}[A-Z]? the mapping gives", problem.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("SMITH", problem.Problem, StringComparison.Ordinal); // grouped under one kind, the value not repeated per row
    }

    [Fact]
    public void TheCanonicalMapping_RoundTripsAnExtract()
    {
        var path = _dir.File("synth-14.csv");
        var records = Synthetic(800, seed: 14);
        var run = Support.Cli.Run("import", "--map", Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"), "--in", path, "--out", _dir.File("out.csv"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("imported 800 rows", run.Error, StringComparison.Ordinal);
        Assert.Equal(records, ArrestCsvReader.ReadAll(_dir.File("out.csv")).ToList());

        // An existing output is never replaced without --force, and --out with --check is a usage error.
        Assert.Equal(3, Support.Cli.Run("import", "--map", Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"), "--in", path, "--out", _dir.File("out.csv")).ExitCode);
        Assert.Equal(1, Support.Cli.Run("import", "--map", Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"), "--in", path).ExitCode);
    }

    [Fact]
    public void ALongImport_ReportsItsProgress()
    {
        var path = _dir.File("long.csv");
        Synthesizer.Run(new SynthOptions { Rows = 70_000, Seed = 17, OutputPath = path });
        var reports = new List<PipelineProgress>();
        var mapping = ImportMapping.Load(Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"));

        var result = Importer.Run(new ImportOptions { InputPath = path, Mapping = mapping, Progress = new Collect(reports) });

        Assert.Equal(70_000, result.Rows);
        Assert.Equal([new PipelineProgress("importing", 65_536)], reports);
    }

    private sealed class Collect(List<PipelineProgress> reports) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => reports.Add(value);
    }

    /// <summary>
    /// The JSON Schema of docs/schemas/mapping.schema.json, run by Ajv (outside the code under test),
    /// accepts the shipped mapping and the agency mapping the importer accepts, and rejects what the
    /// importer rejects: a rule with both a source column and a constant.
    /// </summary>
    [SkippableFact]
    public void TheMappingSchema_AgreesWithTheImporter()
    {
        var schema = Path.Combine(RepoRoot.Path, "docs", "schemas", "mapping.schema.json");
        var (_, agency) = AgencyLayout(Synthetic(20, seed: 16));
        var both = _dir.Write("both.json", File.ReadAllText(agency).Replace("{\"from\":\"ARREST_NO\"}", "{\"from\":\"ARREST_NO\",\"constant\":\"1\"}", StringComparison.Ordinal));
        Assert.Throws<InputException>(() => ImportMapping.Load(both));

        var ages = SameNames("ages.json", "\"age\": {\"from\": \"AGE_GROUP\"}");
        var twoBirths = SameNames("births.json", "\"age\": {\"from\": \"AGE_GROUP\"}, \"dob\": {\"from\": \"DOB\"}");
        _ = ImportMapping.Load(ages);
        Assert.Throws<InputException>(() => ImportMapping.Load(twoBirths));

        foreach (var ready in new[] { "nypd-arrests.json", "lapd-arrests.json" })
        {
            var path = Path.Combine(RepoRoot.Path, "examples", "mappings", ready);
            _ = ImportMapping.Load(path);
            var valid = NodeValidators.Schema(schema, path);
            Tools.Require(valid is not null, "Node.js and npm");
            Assert.True(valid.Value.Code == 0, valid.Value.Output);
        }

        var canonical = NodeValidators.Schema(schema, Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"));
        var good = NodeValidators.Schema(schema, agency);
        var bad = NodeValidators.Schema(schema, both);
        var goodAges = NodeValidators.Schema(schema, ages);
        var badBirths = NodeValidators.Schema(schema, twoBirths);
        Tools.Require(!(canonical is null || good is null || bad is null || goodAges is null || badBirths is null), "Node.js and npm");
        Assert.True(canonical.Value.Code == 0, canonical.Value.Output);
        Assert.True(good.Value.Code == 0, good.Value.Output);
        Assert.True(goodAges.Value.Code == 0, goodAges.Value.Output);
        Assert.Equal(1, bad.Value.Code);
        Assert.Equal(1, badBirths.Value.Code);
    }

    /// <summary>
    /// One validation: on files with one cell replaced by a value from a list of hard cases, the
    /// import (by the canonical mapping) finds a problem exactly when the canonical reader, which
    /// pseudonymize and release read by, refuses the file.
    /// </summary>
    [Fact]
    public void ImportAndTheCanonicalReader_GiveTheSameVerdict_OnFuzzedFiles()
    {
        var source = _dir.File("synth-15.csv");
        _ = Synthetic(30, seed: 15);
        var lines = File.ReadAllLines(source);
        var mapping = ImportMapping.Load(Path.Combine(RepoRoot.Path, "examples", "mappings", "canonical.json"));
        string[] values = ["", " ", "Q", "M", " M ", "m", "Y", "y", "N", "1", "4", "0", "2009-13-01", "2009-02-29", "2008-02-29", "3/7/2009", "20090307", "07/03/2009 12:00:00 AM", "U", "H", "W ", "YES", "x"];
        var random = new Random(20);
        var disagreements = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var row = 1 + random.Next(lines.Length - 1);
            var column = random.Next(ArrestSchema.Columns.Length);
            var value = values[random.Next(values.Length)];
            var mutated = lines.ToArray();
            var cells = SplitCsv(mutated[row]);
            cells[column] = value;
            mutated[row] = string.Join(",", cells.Select(c => c.Contains(',', StringComparison.Ordinal) ? $"\"{c}\"" : c));
            var file = _dir.File($"fuzz-{i}.csv");
            File.WriteAllLines(file, mutated);

            bool readerAccepts;
            try
            {
                _ = ArrestCsvReader.ReadAll(file).Count();
                readerAccepts = true;
            }
            catch (InputException)
            {
                readerAccepts = false;
            }

            var importAccepts = Importer.Run(new ImportOptions { InputPath = file, Mapping = mapping }).Problems.IsEmpty;
            if (readerAccepts != importAccepts)
            {
                disagreements.Add($"{ArrestSchema.Columns[column]}='{value}': reader {readerAccepts}, import {importAccepts}");
            }

            File.Delete(file);
        }

        Assert.Empty(disagreements);
    }

    // The test's own CSV splitting (quotes, doubled quotes), independent of the code under test.
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
