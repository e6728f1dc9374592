using System.Collections.Immutable;
using System.Globalization;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Querying;

public sealed class PublishedReleaseTests : IClassFixture<PublishedReleaseTests.OneRelease>
{
    private readonly OneRelease _r;

    public PublishedReleaseTests(OneRelease r) => _r = r;

    /// <summary>One unsigned release of a 5,000-row extract with the example spec.</summary>
    public sealed class OneRelease : IDisposable
    {
        public OneRelease()
        {
            Dir = new TempFolder();
            Input = Dir.File("in.csv");
            Synthesizer.Run(new SynthOptions { Rows = 5_000, Seed = 8, OutputPath = Input });
            var spec = ReleaseSpec.Load(Specs.ExamplePath);
            using (var ledger = BudgetLedger.Open(Dir.File("l.db"), create: true))
            {
                ledger.SetBudget(spec.Dataset, new Rational(5, 1));
            }

            Releaser.Run(new ReleaseOptions { InputPath = Input, Spec = spec, OutputDirectory = Folder, LedgerPath = Dir.File("l.db") });
            Release = PublishedRelease.Load(Folder);
        }

        public TempFolder Dir { get; }

        public string Input { get; }

        public string Folder => Dir.File("rel");

        public PublishedRelease Release { get; }

        public void Dispose() => Dir.Dispose();
    }

    private List<string[]> Table(string name) =>
        [.. File.ReadAllLines(Path.Combine(_r.Folder, name + ".csv")).Skip(1).Select(l => l.Split(','))];

    private static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Domains_AreTheManifestsDeclaredValues_InOrder()
    {
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_r.Folder, "datapackage.json"))).RootElement;
        var declared = manifest.GetProperty("privacy").GetProperty("domains").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);

        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), _r.Release.Domains.Keys.Order(StringComparer.Ordinal));
        Assert.All(declared, d => Assert.Equal(d.Value, _r.Release.Domains[d.Key].ToArray()));
        Assert.Equal(["1", "2", "3"], _r.Release.Domains["offense_level"].ToArray());
    }

    [Fact]
    public void Total_IsTheSumOfThePublishedCells_AndItsIntervalIsNarrowerThanTheCellsAdded()
    {
        var cells = Table("removals_by_level");

        var answer = _r.Release.Answer(ReleaseQuery.Total(Measure.Removals));

        var row = Assert.Single(answer.Rows);
        Assert.Empty(row.Values);
        Assert.Equal(cells.Sum(c => L(c[1])), row.Estimate);
        Assert.Equal("removals_by_level", answer.Source);
        Assert.True(row.Lower <= row.Estimate && row.Estimate <= row.Upper);

        // The cells' noises are independent: the total's noise half-width grows like the square root of
        // the number of cells, not like their sum, which adding the cells' intervals would give.
        var plans = ReleasePlan.Of(_r.Release.Design);
        var plan = plans.Tables.Single(t => t.Name == "removals_by_level");
        Assert.True(plan.TotalHalfWidths[0] < 0.75 * 3 * plan.CellHalfWidths[0], $"{plan.TotalHalfWidths[0]} vs {plan.CellHalfWidths[0]}");

        // plan's figures are the interval's: unbiased estimate - h below (unless floored at 0 or stretched
        // to the value), and + h above. The example declares that nobody is removed twice
        // ("beyond_bound": "refuse"), so the table has no dropped-records count and no allowance: the
        // interval for the true count is the noise interval.
        var h = plan.TotalHalfWidths[0];
        Assert.True(row.Lower == 0 || row.Lower == row.Estimate || Math.Abs(row.Unbiased - h - row.Lower) < 1, $"{row} h={h}");
        Assert.Null(plan.Dropped);
        Assert.True(row.Upper == row.Estimate || Math.Abs(row.Unbiased + h - row.Upper) < 1, $"{row} h={h}");
        Assert.Equal((row.NoiseLower, row.NoiseUpper), (row.Lower, row.Upper));
    }

    [Fact]
    public void ByDimension_GivesEveryDeclaredValueInOrder_AndSharedTotalsAgree()
    {
        var byDistrict = _r.Release.Answer(ReleaseQuery.ByDimensions(Measure.Arrests, "district"));
        var byMonth = _r.Release.Answer(ReleaseQuery.ByDimensions(Measure.Arrests, "arrest_month"));
        var byEthnicity = _r.Release.Answer(ReleaseQuery.ByDimensions(Measure.IdentMatches, "ethnicity"));

        Assert.Equal(["A1", "A7", "B2", "B3", "C6", "C11", "D4", "D14", "E5", "E13", "E18", "OTHER"], byDistrict.Rows.Select(r => r.Values[0]));
        Assert.Equal(21, byMonth.Rows.Length);
        Assert.Equal(["H", "N", "U"], byEthnicity.Rows.Select(r => r.Values[0]));

        // One consistent estimate: the arrests total is the same whichever breakdown it is added from.
        var total = _r.Release.Answer(ReleaseQuery.Total(Measure.Arrests)).Rows[0].Estimate;
        Assert.Equal(total, byDistrict.Rows.Sum(r => r.Estimate));
        Assert.Equal(total, byMonth.Rows.Sum(r => r.Estimate));
        Assert.All(byDistrict.Rows.Concat(byMonth.Rows).Concat(byEthnicity.Rows), r => Assert.True(0 <= r.Lower && r.Lower <= r.Estimate && r.Estimate <= r.Upper));
    }

    [Fact]
    public void Where_AddsTheListedValues()
    {
        var cells = Table("district_by_race");
        var where = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("race", ["B", "W"]);

        var answer = _r.Release.Answer(new ReleaseQuery(Measure.Arrests, ["district"], where));

        foreach (var row in answer.Rows)
        {
            Assert.Equal(cells.Where(c => c[0] == row.Values[0] && (c[1] == "B" || c[1] == "W")).Sum(c => L(c[2])), row.Estimate);
        }
    }

    public static TheoryData<string, ReleaseQuery, string> Refused => new()
    {
        { "not measured together", ReleaseQuery.ByDimensions(Measure.Removals, "race"), "cannot estimate removals by race: no table measures removals with race. It measures: monthly (arrests, ident_matches by arrest_month); removals_by_level (removals by offense_level)" },
        { "not measured at all", ReleaseQuery.Total(Measure.Detainers), "cannot estimate detainers" },
        { "unknown measure", ReleaseQuery.Total((Measure)42), "measure: '42' is not a measure" },
        { "unknown dimension", ReleaseQuery.ByDimensions(Measure.Arrests, "weekday"), "by: 'weekday' is not a dimension of this release; it has arrest_month, offense_level, district, race, ethnicity" },
        { "unknown value", new ReleaseQuery(Measure.Arrests, [], ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("district", ["Z9"])), "where: 'Z9' is not a value of district" },
        { "by and where", new ReleaseQuery(Measure.Arrests, ["district"], ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("district", ["A1"])), "district is both a grouping dimension and a filter" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Query_TheReleaseCannotAnswer_IsRefusedClearly(string what, ReleaseQuery query, string message)
    {
        var e = Assert.Throws<InputException>(() => _r.Release.Answer(query));

        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: {e.Message}");
    }

    [Fact]
    public void Load_NotARelease_OrAChangedScale_IsAClearError()
    {
        var e = Assert.Throws<InputException>(() => PublishedRelease.Load(_r.Dir.Path));
        Assert.Contains("has no datapackage.json: this folder is not a release", e.Message);

        var copy = _r.Dir.File("changed");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(_r.Folder))
        {
            File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        }

        var manifest = Path.Combine(copy, "datapackage.json");
        var scale = _r.Release.Design.Tables[1].Scale.ToString();
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"scale\": \"{scale}\"", "\"scale\": \"1\""));
        var changed = Assert.Throws<InputException>(() => PublishedRelease.Load(copy));
        Assert.Contains("privacy.tables[1].scale", changed.Message);
        Assert.Contains($"give {scale}", changed.Message);

        File.WriteAllText(Path.Combine(copy, "measurements.csv"), "table,cell,stages,noisy_count,noise_scale\nmonthly,arrest_month=2008-10,not_matched,x,1\n");
        File.Copy(Path.Combine(_r.Folder, "datapackage.json"), manifest, overwrite: true);
        var bad = Assert.Throws<InputException>(() => PublishedRelease.Load(copy));
        Assert.Equal(2, bad.Line);
        Assert.Equal("noisy_count", bad.Column);
    }

    [Fact]
    public void Score_ExactCounts_AreTheTrueUnboundedCounts_OfTheRawExtract()
    {
        // TrueCounts reads the raw CSV with none of the release code; every record counts.
        var truth = TrueCounts.Read(_r.Input);
        var domains = _r.Release.Dimensions.ToDictionary(d => d.Name, d => d.Values.ToArray());

        var report = PrivacyShare.Synthetic.Scoring.ReleaseScorer.Score(_r.Release, _r.Input);

        Assert.Equal(truth.Records, report.Records);
        int covered = 0, cells = 0;
        foreach (var table in _r.Release.Design.Tables)
        {
            foreach (var measure in table.Measures)
            {
                var set = report.Tables.Single(s => s.Name == $"{table.Name}: {Measures.Name(measure)}");
                var exact = truth.Count([.. table.Dimensions.Select(d => d.Name)], Measures.Name(measure), domains);
                Assert.Equal(table.Cells, set.Rows.Length);
                Assert.All(set.Rows, r => Assert.Equal(exact.GetValueOrDefault(string.Join('|', r.Values)), r.Truth));
                covered += set.Rows.Count(r => r.Lower <= exact.GetValueOrDefault(string.Join('|', r.Values)) && exact.GetValueOrDefault(string.Join('|', r.Values)) <= r.Upper);
                cells += set.Rows.Length;
            }
        }

        var removals = report.Queries.Single(q => q.Name == "removals").Rows[0];
        Assert.Equal(truth.Count([], "removals")[""], removals.Truth);
        var byEthnicity = report.Queries.Single(q => q.Name == "ident_matches by ethnicity");
        Assert.Equal(["ethnicity"], byEthnicity.Dimensions.ToArray());
        Assert.Equal(truth.Count(["ethnicity"], "ident_matches").Values.Sum(), byEthnicity.Rows.Sum(r => r.Truth));
        Assert.Empty(report.Unanswered); // the default queries are those some table holds
        // The coverage score is the share of published intervals holding the exact count, counted here
        // from the raw extract; one release's cells cover at about 98%, so it is far from 0 and from NaN.
        Assert.Equal((double)covered / cells, report.CellCoverage, 12);
    }
}
