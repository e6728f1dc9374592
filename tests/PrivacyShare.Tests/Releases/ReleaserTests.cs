using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivacyShare.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

public sealed class ReleaserTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Ledger => _dir.File("ledger.db");

    private void Budget(string epsilon, string dataset = "boston-secure-communities")
    {
        using var ledger = BudgetLedger.Open(Ledger);
        ledger.SetBudget(dataset, Rational.Parse(epsilon));
    }

    private ReleaseResult Release(string input, string spec, string folder) =>
        Releaser.Run(new ReleaseOptions { InputPath = input, Spec = ReleaseSpec.Load(spec), OutputDirectory = _dir.File(folder), LedgerPath = Ledger });

    private string Synth(int rows, int seed = 3, string? truth = null)
    {
        var path = _dir.File($"synth-{rows}-{seed}.csv");
        Synthesizer.Run(new SynthOptions { Rows = rows, Seed = seed, OutputPath = path, TruthPath = truth is null ? null : _dir.File(truth) });
        return path;
    }

    private static List<string[]> Rows(string path)
    {
        using var reader = CsvTableReader.Open(path);
        var rows = new List<string[]> { reader.Header.ToArray() };
        while (reader.MoveNext())
        {
            rows.Add([.. Enumerable.Range(0, reader.Header.Count).Select(i => reader[i].ToString())]);
        }

        return rows;
    }

    [Fact]
    public void Release_PublishesEveryCellOfTheDeclaredDomains_ZerosIncluded()
    {
        Budget("5");
        // Two records only: almost every cell's true count is zero, yet every cell must appear once.
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, Extracts.RowWith("district", "Z9")));

        Release(input, Specs.ExamplePath, "rel");

        var byLevel = Rows(_dir.File("rel/monthly_by_level.csv"));
        Assert.Equal(["arrest_month", "offense_level", "arrests", "arrests_moe95", "ident_matches", "ident_matches_moe95", "detainers", "detainers_moe95", "removals", "removals_moe95"], byLevel[0]);
        var expectedCells = Enumerable.Range(0, 21).SelectMany(m => new[] { "1", "2", "3" }.Select(l => $"{ArrestMonthPlus("2008-10", m)}|{l}"));
        Assert.Equal(expectedCells, byLevel.Skip(1).Select(r => $"{r[0]}|{r[1]}"));

        var byRace = Rows(_dir.File("rel/district_by_race.csv"));
        string[] districts = ["A1", "A7", "B2", "B3", "C6", "C11", "D4", "D14", "E5", "E13", "E18", "OTHER"];
        string[] races = ["W", "B", "A", "I", "P", "U", "OTHER"];
        Assert.Equal(districts.SelectMany(d => races.Select(r => $"{d}|{r}")), byRace.Skip(1).Select(r => $"{r[0]}|{r[1]}"));
        Assert.All(byRace.Skip(1), r => Assert.Equal("48", r[3]));
        Assert.All(byRace.Skip(1), r => long.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Release_ContributionBound_UsesAtMostBoundRecordsPerPerson()
    {
        Budget("5");
        // One person (FBI number 12345678A) arrested 10 times, typed differently; another once.
        var rows = Enumerable.Range(0, 10).Select(i => Extracts.RowWith("booking_id", $"B{i}").Replace("GARCIA", i % 2 == 0 ? "garcia" : " Garcia ")).ToList();
        rows.Add(Extracts.RowWith("fbi_number", "99999999Z"));
        var input = _dir.Write("in.csv", Extracts.Csv([.. rows]));

        var result = Release(input, Specs.ExamplePath, "rel");
        var counts = ReleaseCounter.Count(ReleaseSpec.Load(Specs.ExamplePath), input);

        Assert.Equal(new InputSummary(11, 5, 0, 6), result.Input);
        Assert.Equal(5, counts.Tables[0].Where((_, i) => i % 4 == 0).Sum()); // arrests column of monthly_by_level
        Assert.Equal(2, counts.People);
    }

    [Fact]
    public void Release_FallbackIdentity_MatchesPseudonymizedInput()
    {
        Budget("5");
        var input = Synth(5_000);
        var spec = ReleaseSpec.Load(Specs.ExamplePath);
        var keyPath = _dir.File("k.key");
        PrivacyShare.Pseudonymization.PseudonymKey.Create(keyPath, default, false, false);
        using var key = PrivacyShare.Pseudonymization.PseudonymKey.Load(keyPath, TestKeys.NoPassphrase);
        PrivacyShare.Pseudonymization.Pseudonymizer.Run(new() { InputPath = input, OutputPath = _dir.File("p.csv"), Key = key });

        var canonical = ReleaseCounter.Count(spec, input);
        var pseudonymized = ReleaseCounter.Count(spec, _dir.File("p.csv"));

        Assert.Equal(canonical.People, pseudonymized.People);
        Assert.Equal(canonical.DroppedByBound, pseudonymized.DroppedByBound);
        Assert.Equal(canonical.Tables[0], pseudonymized.Tables[0]);
        Assert.True(canonical.DroppedByBound > 0);
    }

    [Fact]
    public void Release_About95PercentOfNoisyCounts_LieWithinTheirMarginOfTheTruth()
    {
        // Bound 12 (the profile's largest number of arrests per person): nothing is dropped, so the
        // synth --truth counts are the exact counts. 8 releases x 252 values; the exact coverage is
        // 1 - P(|X| > h) >= 0.95, and the range below is about 5.7 standard errors wide.
        Budget("100");
        var input = Synth(20_000, truth: "truth.json");
        var spec = Specs.Write(_dir, j =>
        {
            j["privacy"]!["max_records_per_person"] = 12;
            j["tables"]!.AsArray().RemoveAt(1);
        });
        var truth = JsonDocument.Parse(File.ReadAllText(_dir.File("truth.json"))).RootElement.GetProperty("cells").EnumerateArray()
            .ToDictionary(c => $"{c.GetProperty("arrest_month").GetString()}|{c.GetProperty("offense_level").GetInt32()}");
        string[] measures = ["arrests", "ident_matches", "detainers", "removals"];
        int within = 0, total = 0;
        for (var i = 0; i < 8; i++)
        {
            var result = Release(input, spec, $"rel{i}");
            Assert.Equal(0, result.Input.DroppedByBound);
            foreach (var row in Rows(_dir.File($"rel{i}/monthly_by_level.csv")).Skip(1))
            {
                var exact = truth[$"{row[0]}|{row[1]}"];
                for (var m = 0; m < 4; m++)
                {
                    var noisy = long.Parse(row[2 + 2 * m], System.Globalization.CultureInfo.InvariantCulture);
                    var moe = long.Parse(row[3 + 2 * m], System.Globalization.CultureInfo.InvariantCulture);
                    within += Math.Abs(noisy - exact.GetProperty(measures[m]).GetInt64()) <= moe ? 1 : 0;
                    total++;
                }
            }
        }

        Assert.Equal(8 * 252, total);
        Assert.InRange((double)within / total, 0.922, 0.985);
    }

    [Fact]
    public void Release_RecordWithoutAnyIdentity_IsAnInputError()
    {
        Budget("5");
        var anonymous = Extracts.GoodRow.Replace("GARCIA,JOSE,1985-05-28", ",,").Replace("12345678A", "");
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, anonymous));

        var e = Assert.Throws<InputException>(() => Release(input, Specs.ExamplePath, "rel"));

        Assert.Equal(3, e.Line);
        Assert.Contains("has no person identity", e.Message);
        Assert.False(Directory.Exists(_dir.File("rel")));
    }

    [Fact]
    public void Release_RecordsOutsideThePeriod_AreLeftOutAndCounted()
    {
        Budget("5");
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, Extracts.RowWith("arrest_date", "2011-01-05"), Extracts.RowWith("arrest_date", "2008-09-30")));

        var result = Release(input, Specs.ExamplePath, "rel");
        var counts = ReleaseCounter.Count(ReleaseSpec.Load(Specs.ExamplePath), input);

        Assert.Equal(new InputSummary(3, 1, 2, 0), result.Input);
        Assert.Equal(1, counts.Tables[0].Where((_, i) => i % 4 == 0).Sum());
    }

    [Fact]
    public void Release_Overspend_IsRefusedBeforeAnythingIsWritten()
    {
        Budget("1.5");
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));
        Release(input, Specs.ExamplePath, "rel1");

        var e = Assert.Throws<RefusedException>(() => Release(input, Specs.ExamplePath, "rel2"));

        Assert.Contains("needs epsilon 1 but only 0.5 of 1.5 remains", e.Message);
        Assert.False(Directory.Exists(_dir.File("rel2")));
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal(Rational.One, ledger.Status("boston-secure-communities").Spent);
        Assert.DoesNotContain(_dir.Files(), f => f.StartsWith(".rel2", StringComparison.Ordinal));
    }

    [Fact]
    public void Release_WithoutBudget_IsRefusedBeforeTheInputIsRead()
    {
        var input = _dir.File("does-not-exist.csv"); // reading it would fail with an input error instead

        var e = Assert.Throws<RefusedException>(() => Release(input, Specs.ExamplePath, "rel"));

        Assert.Contains("has no privacy budget", e.Message);
        Assert.Contains("budget set --dataset boston-secure-communities", e.Message);
        Assert.False(Directory.Exists(_dir.File("rel")));
    }

    [Fact]
    public void Release_ExistingFolder_IsRefusedUntouched_AndNothingSpent()
    {
        Budget("5");
        Directory.CreateDirectory(_dir.File("rel"));
        File.WriteAllText(_dir.File("rel/mine.txt"), "mine");
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));

        Assert.Throws<RefusedException>(() => Release(input, Specs.ExamplePath, "rel"));

        Assert.Equal(["mine.txt"], Directory.GetFiles(_dir.File("rel")).Select(Path.GetFileName));
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal(Rational.Zero, ledger.Status("boston-secure-communities").Spent);
    }

    [Fact]
    public void Release_BadInput_PublishesNothingAndSpendsNothing()
    {
        Budget("5");
        // offense_level has a built-in domain without OTHER: a value outside it is an error, not a cell.
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, Extracts.RowWith("offense_level", "4")));

        var e = Assert.Throws<InputException>(() => Release(input, Specs.ExamplePath, "rel"));

        Assert.Equal(3, e.Line);
        Assert.Equal("offense_level", e.Column);
        Assert.Contains("'4' is not in the domain of offense_level (1, 2, 3)", e.Message);
        Assert.False(Directory.Exists(_dir.File("rel")));
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal(Rational.Zero, ledger.Status("boston-secure-communities").Spent);
    }

    [Fact]
    public void DataPackage_ListsEveryFileWithSizeAndHash_AndChainsReleases()
    {
        Budget("5");
        var input = Synth(2_000);
        var first = Release(input, Specs.ExamplePath, "rel1");
        var second = Release(input, Specs.ExamplePath, "rel2");

        var package = JsonNode.Parse(File.ReadAllText(_dir.File("rel2/datapackage.json")))!;
        var resources = package["resources"]!.AsArray();
        Assert.Equal(["monthly_by_level.csv", "district_by_race.csv", "METHODOLOGY.md"], resources.Select(r => (string)r!["path"]!));
        foreach (var r in resources)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_dir.File("rel2"), (string)r!["path"]!));
            Assert.Equal(bytes.Length, (long)r["bytes"]!);
            Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), (string)r["hash"]!);
        }

        Assert.Equal(["METHODOLOGY.md", "datapackage.json", "district_by_race.csv", "monthly_by_level.csv"], Directory.GetFiles(_dir.File("rel2")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var privacy = package["privacy"]!;
        Assert.Equal(2, (int)privacy["sequence"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_dir.File("rel1/datapackage.json")))), (string)privacy["previous"]!);
        Assert.Equal(first.ManifestSha256, (string)privacy["previous"]!);
        Assert.Equal(2m, (decimal)privacy["cumulative_epsilon"]!);
        Assert.Equal(1m, (decimal)privacy["epsilon"]!);
        Assert.Equal(0.5m, (decimal)privacy["tables"]![0]!["epsilon"]!);
        Assert.Equal(16, (int)privacy["tables"]![0]!["sensitivity"]!);
        Assert.Equal("", (string)JsonNode.Parse(File.ReadAllText(_dir.File("rel1/datapackage.json")))!["privacy"]!["previous"]!);
        Assert.Equal(2, second.Sequence);
        Assert.Equal("integer", (string)resources[0]!["schema"]!["fields"]![2]!["type"]!);
    }

    [Fact]
    public void Methodology_ExplainsTheReleaseAndHoldsNoExactInputFigure()
    {
        Budget("3");
        var input = Synth(3_333);
        var result = Release(input, Specs.ExamplePath, "rel");

        var text = File.ReadAllText(_dir.File("rel/METHODOLOGY.md"));
        Assert.Contains("epsilon 1 in total", text);
        Assert.Contains("spent epsilon 1 of its budget of 3", text);
        Assert.Contains("At most 4 arrest records of each person", text);
        Assert.Contains("negative", text);
        Assert.Contains("| district_by_race | 0.5 | 8 | 16 | 48 |", text);
        var all = string.Concat(Directory.GetFiles(_dir.File("rel")).Select(File.ReadAllText));
        Assert.DoesNotContain("3,333", all, StringComparison.Ordinal);
        Assert.DoesNotContain($"{result.Input.RecordsUsed}", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"{result.Input.DroppedByBound} ", text, StringComparison.Ordinal);
    }

    private static string ArrestMonthPlus(string month, int n) => PrivacyShare.Records.ArrestMonth.Parse(month).Plus(n).ToString();
}
