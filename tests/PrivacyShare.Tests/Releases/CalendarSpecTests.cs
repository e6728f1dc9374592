using System.Text.Json.Nodes;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>A spec's calendar (docs/calendar.md): what it declares, what is refused, and what plan says about it.</summary>
public sealed class CalendarSpecTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string CalendarExample => Path.Combine(RepoRoot.Path, "examples", "releases", "boston-calendar.json");

    private string Write(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(CalendarExample))!.AsObject();
        edit(json);
        return _dir.Write($"c{Guid.NewGuid():N}.json", json.ToJsonString());
    }

    [Fact]
    public void TheExample_DeclaresMonthsAndYearlySummaries_AndItsTablesCountEvents()
    {
        var spec = ReleaseSpec.Load(CalendarExample);
        var calendar = spec.Design.Heading.Calendar!;

        Assert.Equal((Cadence.Month, "2009-01", "2010-12", Cadence.Year), (calendar.Cadence, calendar.From.ToString(), calendar.To.ToString(), calendar.Summary));
        Assert.Equal(24, calendar.Periods.Length);
        Assert.Equal(["2009", "2010"], calendar.Summaries.Select(s => s.Label));
        Assert.Equal(new Rational(1, 2), spec.TotalEpsilon); // the regular releases' half of epsilon 1 per period
        var monthly = spec.Design.Tables[0];
        Assert.Equal(["2009-01", "2010-12"], new[] { monthly.Dimensions[0].Values[0], monthly.Dimensions[0].Values[^1] });

        // An event is in one group: arrests, matches and detainers are measured apart, not nested as stages are.
        Assert.Equal([StageSet.NotMatched, StageSet.MatchedNoDetainer, StageSet.DetainerNotRemoved], monthly.Groups.ToArray());
        Assert.Equal(["dropped_arrests_ident_matches_detainers_bound_6", "dropped_removals_bound_1", "dropped_arrests_bound_6"], spec.Design.Dropped.Select(d => d.Name));
    }

    [Fact]
    public void Periods_AreNamedAsTheOperatorWritesThem_CutToTheCalendar()
    {
        var calendar = new CalendarDesign(Cadence.Quarter, PrivacyShare.Records.ArrestMonth.Parse("2008-10"), PrivacyShare.Records.ArrestMonth.Parse("2010-06"), Cadence.Year, new Rational(1, 3));

        Assert.Equal(["2008-Q4", "2009-Q1", "2009-Q2", "2009-Q3", "2009-Q4", "2010-Q1", "2010-Q2"], calendar.Periods.Select(p => p.Label));
        Assert.Equal([("2008", 3), ("2009", 12), ("2010", 6)], calendar.Summaries.Select(s => (s.Label, s.Months)));
        Assert.Equal(new Rational(2, 3), calendar.RegularShare);
        Assert.True(calendar.Find("2009", out _)!.Value.IsSummary);
        Assert.False(calendar.Find("2009-Q3", out _)!.Value.IsSummary);
        Assert.Null(calendar.Find("2009-07", out var problem));
        Assert.Contains("'2009-07' is not a period of this calendar: its periods are 2008-Q4 to 2010-Q2, and its summaries 2008, 2009, 2010", problem);
    }

    [Theory]
    [InlineData("cadence", "\"week\"", "field 'calendar.cadence': 'week' is not a cadence; use month, quarter or year")]
    [InlineData("from", "\"2009-13\"", "field 'calendar.from'")]
    [InlineData("to", "\"2008-12\"", "field 'calendar': ends (2008-12) before it starts (2009-01)")]
    [InlineData("summary", "\"month\"", "field 'calendar.summary': 'month' cannot summarize a monthly calendar")]
    [InlineData("summary_share", "1", "field 'calendar.summary_share': is 1; give a share above 0 and below 1")]
    [InlineData("to", "\"2060-12\"", "field 'calendar': spans 624 months; at most 600")]
    public void ABadCalendar_IsRefusedAtItsField(string field, string value, string expected)
    {
        var path = Write(j => j["calendar"]![field] = JsonNode.Parse(value));

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AQuarterlyCalendar_MustRunInWholeQuarters()
    {
        var path = Write(j => j["calendar"] = JsonNode.Parse("""{ "cadence": "quarter", "from": "2009-02", "to": "2010-12" }"""));

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.Contains("does not start and end with whole quarters; a quarterly calendar starts in January, April, July or October", e.Message);
    }

    [Fact]
    public void CalendarTables_AreByPeriod_AndOnlyCalendarsHavePeriods()
    {
        var noPeriod = Write(j => j["tables"]![2]!["dimensions"] = JsonNode.Parse("""["district"]"""));
        var arrestMonth = Write(j => j["tables"]![2]!["dimensions"] = JsonNode.Parse("""["period", "arrest_month"]"""));
        var oneShot = Specs.Write(_dir, j => j["tables"]![0]!["dimensions"] = JsonNode.Parse("""["period"]"""), "oneshot.json");
        var mismatch = Write(j => j["period"] = JsonNode.Parse("""{ "from": "2009-01", "to": "2010-06" }"""));
        var refuse = Write(j => j["tables"]![1]!["beyond_bound"] = "refuse");

        Assert.Contains("field 'tables[2].dimensions': lacks period: in a calendar every table is by period", Assert.Throws<InputException>(() => ReleaseSpec.Load(noPeriod)).Message);
        Assert.Contains("a calendar counts events by the period the calendar first saw them, not by arrest month", Assert.Throws<InputException>(() => ReleaseSpec.Load(arrestMonth)).Message);
        Assert.Contains("period is a calendar's dimension; declare a calendar", Assert.Throws<InputException>(() => ReleaseSpec.Load(oneShot)).Message);
        Assert.Contains("field 'period': is 2009-01 to 2010-06, but the calendar runs from 2009-01 to 2010-12", Assert.Throws<InputException>(() => ReleaseSpec.Load(mismatch)).Message);
        Assert.Contains("field 'tables[1].beyond_bound': is refuse, which a calendar does not take", Assert.Throws<InputException>(() => ReleaseSpec.Load(refuse)).Message);
    }

    [Fact]
    public void ACalendar_KeepsAtMostEightBounds()
    {
        var path = Write(j =>
        {
            j["tables"] = new JsonArray([.. Enumerable.Range(1, 9).Select(b => JsonNode.Parse($$"""{ "name": "t{{b}}", "dimensions": ["period"], "measures": ["arrests"], "max_records_per_person": {{b}} }"""))]);
        });

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.Contains("field 'tables': give 9 different contribution bounds over different measures; a calendar keeps at most 8", e.Message);
    }

    [Fact]
    public void Release_OfACalendarSpec_NeedsAPeriod_AndAOneShotSpecNone()
    {
        var e = Assert.Throws<ArgumentException>(() => Releaser.Run(new ReleaseOptions { InputPath = _dir.File("missing.csv"), Spec = ReleaseSpec.Load(CalendarExample), OutputDirectory = _dir.File("rel"), LedgerPath = _dir.File("none.db") }));
        var f = Assert.Throws<ArgumentException>(() => Releaser.Run(new ReleaseOptions { InputPath = _dir.File("missing.csv"), Spec = ReleaseSpec.Load(Specs.ExamplePath), OutputDirectory = _dir.File("rel"), LedgerPath = _dir.File("none.db"), Period = "2009-01" }));
        var g = Assert.Throws<ArgumentException>(() => Releaser.Run(new ReleaseOptions { InputPath = _dir.File("missing.csv"), Spec = ReleaseSpec.Load(CalendarExample), OutputDirectory = _dir.File("rel"), LedgerPath = _dir.File("none.db"), Period = "2011-01" }));

        Assert.Contains("declares a calendar, whose releases read one period at a time: give the period (for example 2009-01)", e.Message);
        Assert.Contains("declares no calendar; leave the period out", f.Message);
        Assert.Contains("'2011-01' is not a period of this calendar", g.Message);
        Assert.False(Directory.Exists(_dir.File("rel")));
    }

    [Fact]
    public void Plan_WithoutSummaries_GivesTheExactHalfWidthOfASumOfIndependentMonths()
    {
        // One table by period: each month is one discrete Laplace measurement, so a total over k months
        // is the sum of k of them. The half-width is checked against the exact law of that sum, convolved
        // here directly (no FFT, no GLS), as the smallest h with P(|sum| > h) <= 4%.
        var path = Write(j =>
        {
            j["calendar"] = JsonNode.Parse("""{ "cadence": "month", "from": "2009-01", "to": "2010-12" }""");
            j["tables"] = JsonNode.Parse("""[{ "name": "monthly", "dimensions": ["period"], "measures": ["arrests"] }]""");
            j.Remove("domains");
        });
        var spec = ReleaseSpec.Load(path);
        var plan = CalendarPlan.For(spec)!;
        var scale = spec.Design.Tables[0].Scale.ToDouble();

        var table = Assert.Single(plan.Tables);
        Assert.Null(plan.SummaryEpsilon);
        Assert.Equal(Rational.One, plan.RegularEpsilon);
        Assert.Equal(ExactHalfWidth(scale, 1), table.Cell[0], 6);
        Assert.Equal(ExactHalfWidth(scale, 1), table.Period[0], 6);
        Assert.Equal(ExactHalfWidth(scale, 12), table.Year[0], 6);
        Assert.Equal(ExactHalfWidth(scale, 24), table.Calendar[0], 6);
    }

    [Fact]
    public void Plan_WithSummaries_TradesMonthsForLongTotals()
    {
        var with = CalendarPlan.For(ReleaseSpec.Load(CalendarExample))!;
        var without = CalendarPlan.For(ReleaseSpec.Load(Write(j => j["calendar"]!.AsObject().Remove("summary"))))!;

        Assert.Equal(Rational.One, with.EpsilonPerPeriod);
        Assert.Equal(new Rational(1, 2), with.SummaryEpsilon);
        var removals = with.Tables[1];
        var plain = without.Tables[1];

        // A month is noisier with half the epsilon; the whole calendar's total is more precise.
        Assert.True(removals.Cell[0] > plain.Cell[0]);
        Assert.True(removals.Calendar[0] < plain.Calendar[0]);

        // Totals grow with the periods they span.
        Assert.True(plain.Period[0] < plain.Year[0] && plain.Year[0] < plain.Calendar[0]);
        var cli = Support.Cli.Run("plan", "--spec", CalendarExample);
        Assert.Contains("calendar: monthly periods from 2009-01 to 2010-12, with a yearly summary taking 0.5 of each period's epsilon (24 periods)", cli.Output);
        Assert.Contains("all 24 periods", cli.Output);
        var json = System.Text.Json.JsonDocument.Parse(Support.Cli.Run("plan", "--spec", CalendarExample, "--json").Output).RootElement.GetProperty("calendar");
        Assert.Equal("0.5", json.GetProperty("summary_epsilon").GetString());
        Assert.Equal(removals.Calendar[0], json.GetProperty("tables")[1].GetProperty("half_widths").GetProperty("removals").GetProperty("calendar").GetDouble());
    }

    // P(|X_1 + ... + X_k| > h) for independent discrete Laplace of scale b: pmf proportional to
    // exp(-|x|/b), convolved k times over a wide enough support, then the smallest integer h with
    // tail <= 0.04 (the noise share of the 95% interval, docs/proofs/intervals.md).
    private static double ExactHalfWidth(double scale, int k)
    {
        var radius = (int)Math.Ceiling(scale * 40 * Math.Sqrt(k) + 50);
        var p = Math.Exp(-1 / scale);
        var one = new double[2 * radius + 1];
        for (var x = -radius; x <= radius; x++)
        {
            one[x + radius] = (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(x));
        }

        var sum = (double[])one.Clone();
        for (var i = 1; i < k; i++)
        {
            var next = new double[sum.Length];
            for (var a = 0; a < sum.Length; a++)
            {
                if (sum[a] < 1e-300)
                {
                    continue;
                }

                for (var b = 0; b < one.Length; b++)
                {
                    var c = a + b - radius;
                    if (c >= 0 && c < next.Length)
                    {
                        next[c] += sum[a] * one[b];
                    }
                }
            }

            sum = next;
        }

        var tail = 1.0;
        for (var h = 0; h <= radius; h++)
        {
            tail = 1 - Enumerable.Range(-h, 2 * h + 1).Sum(x => sum[x + radius]);
            if (tail <= 0.04)
            {
                return h;
            }
        }

        throw new InvalidOperationException("support too small");
    }
}
