using System.Text.Json.Nodes;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Signing;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>
/// Calendar releases end to end (docs/calendar.md): monthly snapshots of one synthetic history, each
/// pseudonymized with one key, released one period at a time under one person-level budget.
/// </summary>
public sealed class CalendarReleaseTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly PseudonymKey _key;
    private readonly SigningKey _signing;

    public CalendarReleaseTests()
    {
        PseudonymKey.Create(_dir.File("p.key"), default, false, false);
        _key = PseudonymKey.Load(_dir.File("p.key"), TestKeys.NoPassphrase);
        SigningKey.Create(_dir.File("s"), default, encrypt: false, overwrite: false);
        _signing = SigningKey.Load(_dir.File("s.key"), TestKeys.NoPassphrase);
        using var ledger = BudgetLedger.Open(Ledger, create: true);
        ledger.SetBudget("boston-monthly", Rational.One);
    }

    private string Ledger => _dir.File("l.db");

    private static string CalendarExample => Path.Combine(RepoRoot.Path, "examples", "releases", "boston-calendar.json");

    public void Dispose()
    {
        _key.Dispose();
        _signing.Dispose();
        _dir.Dispose();
    }

    private string Snapshot(string month)
    {
        var output = _dir.File($"p-{month}.csv");
        if (File.Exists(output))
        {
            return output;
        }

        var raw = _dir.File($"raw-{month}.csv");
        Synthesizer.Run(new SynthOptions { Rows = 20_000, Seed = 8, OutputPath = raw, From = ArrestMonth.Parse("2009-01"), To = ArrestMonth.Parse("2010-12"), AsOf = ArrestMonth.Parse(month) });
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = raw, OutputPath = output, Key = _key });
        return output;
    }

    private ReleaseResult Release(string period, string? snapshot = null, string? spec = null, List<string>? notices = null) =>
        Releaser.Run(new ReleaseOptions
        {
            InputPath = snapshot ?? Snapshot(period),
            Spec = ReleaseSpec.Load(spec ?? CalendarExample),
            OutputDirectory = Directory.Exists(_dir.File($"r-{period}")) ? _dir.File($"r-{period}-{Guid.NewGuid():N}") : _dir.File($"r-{period}"),
            LedgerPath = Ledger,
            SigningKey = _signing,
            Period = period,
            Notice = notices is null ? null : notices.Add,
        });

    private static Dictionary<string, string> Values(string folder, string table) =>
        File.ReadAllLines(Path.Combine(folder, table + ".csv")).Skip(1).ToDictionary(l => l.Split(',')[0] + (l.Split(',').Length > 1 ? "|" + l.Split(',')[1] : ""), l => l, StringComparer.Ordinal);

    [Fact]
    public void MonthlyReleases_SpendThePeriodsEpsilonOnce_CarryEarlierMonths_AndVerifyAsAChain()
    {
        var first = Release("2009-01");
        var second = Release("2009-02");
        var third = Release("2009-03");

        // Three releases, one person-level half of epsilon 1 (the regular releases' share): not three halves.
        using (var ledger = BudgetLedger.Open(Ledger))
        {
            Assert.Equal(new Rational(1, 2), ledger.Status("boston-monthly").Spent);
            Assert.Equal("every=0;2009-01..2009-03=0.5", ledger.Status("boston-monthly").Charges.ToString());
            Assert.Empty(ledger.VerifyChain());
        }

        Assert.Equal([new Rational(1, 2), new Rational(1, 2), new Rational(1, 2)], new[] { first, second, third }.Select(r => r.CumulativeEpsilon));
        Assert.Equal(["2009-03"], third.Calendar!.PeriodsMeasured.ToArray());
        Assert.True(third.Calendar.Progressed > 0);

        // Each release republishes every period so far; a period's values do not change when later
        // periods are added (no summary joined them), and its measurements are carried byte for byte.
        var monthly = File.ReadAllLines(_dir.File("r-2009-03/monthly.csv"));
        Assert.Equal(["2009-01", "2009-02", "2009-03"], monthly.Skip(1).Select(l => l.Split(',')[0]));
        // Nor do its intervals: the events later releases' bounds left out lie in later periods, so the
        // allowance of 2009-01's cells is what the first release gave them.
        string Row(string folder, string table, string period) => File.ReadAllLines(_dir.File($"{folder}/{table}.csv")).First(l => l.StartsWith(period + ",", StringComparison.Ordinal));
        Assert.All(new[] { "monthly", "removals_by_level", "by_district" }, t => Assert.Equal(Row("r-2009-01", t, "2009-01"), Row("r-2009-03", t, "2009-01")));
        var earlier = File.ReadAllLines(_dir.File("r-2009-02/measurements.csv")).Skip(1);
        var carried = File.ReadAllLines(_dir.File("r-2009-03/measurements.csv")).Skip(1).Where(l => !l.EndsWith(",3", StringComparison.Ordinal));
        Assert.Equal(earlier, carried);

        // A calendar's measures are event kinds: a query of arrests estimates bookings first seen, not
        // every event (a booking's match, detainer and removal events are other measures). Each period's
        // unbiased estimate is then within rounding of the table's own consistent value; counting the other
        // kinds in too would put it about 70 events a month higher.
        var release = PublishedRelease.Load(_dir.File("r-2009-03"));
        // (Arrests only: about 800 a month, so no value is pulled up to 0 and the consistent value is the
        // unbiased estimate rounded; a month's few detainers can be.)
        var rows = release.Answer(ReleaseQuery.ByDimensions(Measure.Arrests, "period")).Rows;
        Assert.All(rows, r => Assert.InRange(r.Unbiased - long.Parse(monthly.Single(l => l.StartsWith(r.Values[0] + ",", StringComparison.Ordinal)).Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), -5, 5));

        // The report shows the series with the newest period marked, and the guarantee in plain words.
        var report = File.ReadAllText(_dir.File("r-2009-03/report.html"));
        Assert.Contains("<section id=\"series\">", report, StringComparison.Ordinal);
        Assert.Contains("newest: 2009-03", report, StringComparison.Ordinal);
        Assert.Contains("2009-03 (newest)", report, StringComparison.Ordinal);
        Assert.Contains($"Every person's records in this calendar are protected at epsilon {new Rational(1, 2)} in total, however many releases there are.", report, StringComparison.Ordinal);
        Assert.Contains("Key facts: totals so far, 2009-01 to 2009-03", report, StringComparison.Ordinal);

        var chain = ChainVerifier.Verify([_dir.File("r-2009-01"), _dir.File("r-2009-02"), _dir.File("r-2009-03")], SigningPublicKey.Load(_dir.File("s.pub")), inGivenOrder: true);
        Assert.All(chain, r => Assert.True(r.IsValid, string.Join("; ", r.Problems.Select(p => p.Reason))));
        var manifest = JsonNode.Parse(File.ReadAllText(_dir.File("r-2009-03/datapackage.json")))!["privacy"]!;
        Assert.Equal("2009-03", (string?)manifest["calendar"]!["period"]);
        Assert.Equal("read", (string?)manifest["charged_to"]);
        Assert.Equal(("2009-03", "2009-03"), ((string?)manifest["periods"]!["from"], (string?)manifest["periods"]!["to"]));

        // The store: one file, mode 0600, named by the hash the ledger's last charge holds.
        var stores = Directory.GetFiles(CalendarStoreFile.Folder(Ledger, "boston-monthly"));
        var store = Assert.Single(stores);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store));
    }

    [Fact]
    public void APeriodReleasedAgainOrEarlier_IsRefused_AndASkippedPeriodIsMeasuredWithTheNextAndSaidSo()
    {
        Release("2009-01");
        var again = Assert.Throws<RefusedException>(() => Release("2009-01", Snapshot("2009-02")));
        var notices = new List<string>();
        var skipping = Release("2009-03", notices: notices);
        var late = Assert.Throws<RefusedException>(() => Release("2009-02", Snapshot("2009-03")));

        Assert.Contains("2009-01 is not after the calendar's last release (2009-01)", again.Message);
        Assert.Contains("the next period is 2009-04", late.Message);
        Assert.Equal(["2009-02", "2009-03"], skipping.Calendar!.PeriodsMeasured.ToArray());
        Assert.Contains("no release was made for 2009-02; this release measures 2009-02 to 2009-03 together, charges epsilon 0.5 to each of their months", Assert.Single(notices));
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal("every=0;2009-01..2009-03=0.5", ledger.Status("boston-monthly").Charges.ToString());
        Assert.All(ChainVerifier.Verify([_dir.File("r-2009-01"), _dir.File("r-2009-03")], SigningPublicKey.Load(_dir.File("s.pub")), inGivenOrder: true), r => Assert.True(r.IsValid));
    }

    /// <summary>
    /// A yearly summary after each December (docs/calendar.md, "Summaries"): it measures the year's
    /// twelve months again at the summary's share of each period's epsilon, and the estimates combine
    /// both by GLS, so that a year's total is about as precise as one month's measurement.
    /// </summary>
    [Fact]
    public void AYearlySummary_MeasuresTheYearAgain_ChargesItsMonths_AndNarrowsTheYearsTotal()
    {
        var months = Enumerable.Range(1, 12).Select(m => $"2009-{m:D2}").ToList();
        foreach (var month in months.Take(11))
        {
            Release(month);
        }

        var early = Assert.Throws<RefusedException>(() => Release("2009", Snapshot("2009-11")));
        Assert.Contains("release up to 2009-12 first (the calendar is published up to 2009-11)", early.Message);
        Release("2009-12");
        var summary = Release("2009", Snapshot("2009-12"));
        var twice = Assert.Throws<RefusedException>(() => Release("2009", Snapshot("2009-12")));
        Assert.Contains("the summary 2009 was released already", twice.Message);
        var january = Release("2010-01");

        // Each month of 2009: half of epsilon 1 for its regular release, half for the summary.
        using (var ledger = BudgetLedger.Open(Ledger))
        {
            Assert.Equal("every=0;2009-01..2009-12=1;2010-01..2010-01=0.5", ledger.Status("boston-monthly").Charges.ToString());
            Assert.Equal(Rational.One, ledger.Status("boston-monthly").Spent);
        }

        Assert.Equal(months, summary.Calendar!.PeriodsMeasured.ToArray());
        Assert.True(summary.Calendar.Remeasured > 0);
        var manifest = JsonNode.Parse(File.ReadAllText(_dir.File("r-2009/datapackage.json")))!["privacy"]!;
        Assert.Equal("2009", (string?)manifest["calendar"]!["summary_measured"]);
        Assert.Equal("2009-12", (string?)manifest["calendar"]!["period"]);
        Assert.Equal(new Rational(1, 2), Rational.Parse((string)manifest["epsilon"]!));

        // The year's total of removals, from the full covariance: the summary narrows its noise as plan
        // says (±20 with it; twelve monthly measurements at the regular half of the epsilon alone give
        // about ±70, twice the ±35 of a calendar without summaries, which spends all of it monthly), and the next
        // month's release keeps the combination (it carries the summary's measurements).
        double YearNoise(string folder)
        {
            var release = PublishedRelease.Load(_dir.File(folder));
            var period = release.Design.AttributeOf("period");
            return release.Estimator.Answer(new PrivacyShare.Releases.Estimation.MarginalQuery([period], [[.. Enumerable.Range(0, 12)]], (int)Stages.Of(Measure.Removals, events: true))).NoiseHalfWidth;
        }

        var (without, with, after) = (YearNoise("r-2009-12"), YearNoise("r-2009"), YearNoise("r-2010-01"));
        Assert.InRange(without, 62, 78);
        Assert.InRange(with, 16, 25);
        Assert.Equal(with, after, 6);

        // The months of 2009 are estimated again with the summary (some values move), and keep the
        // values and intervals the summary release gave them when 2010-01 is added: the events 2010-01's
        // bounds left out lie in 2010-01, so the allowance of a month of 2009 does not grow with it.
        Dictionary<string, string> Rows(string folder) => File.ReadLines(_dir.File($"{folder}/monthly.csv")).Skip(1)
            .ToDictionary(l => l.Split(',')[0], l => l, StringComparer.Ordinal);
        var (before, combined, later) = (Rows("r-2009-12"), Rows("r-2009"), Rows("r-2010-01"));
        Assert.Contains(months, m => before[m].Split(',')[1] != combined[m].Split(',')[1]);
        Assert.All(months, m => Assert.Equal(combined[m], later[m]));
        Assert.Contains(File.ReadLines(_dir.File("r-2010-01/measurements.csv")), l => l.StartsWith("removals_by_level@2009,", StringComparison.Ordinal));

        // The summary says which published values it changed, and by how much; a regular release does not.
        var methodology = File.ReadAllText(_dir.File("r-2009/METHODOLOGY.md"));
        Assert.Contains("## What this summary changed", methodology, StringComparison.Ordinal);
        static long Arrests(string row) => long.Parse(row.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
        var moved = months.Where(m => Arrests(before[m]) != Arrests(combined[m])).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved, m => Assert.Contains(PrivacyShare.Releases.Publishing.Methodology.Escape(
            $"monthly, period={m}, arrests: {Arrests(before[m]):N0} → {Arrests(combined[m]):N0} ({Arrests(combined[m]) - Arrests(before[m]):+#,0;-#,0})"), methodology, StringComparison.Ordinal));
        Assert.All(months.Except(moved), m => Assert.DoesNotContain(PrivacyShare.Releases.Publishing.Methodology.Escape($"monthly, period={m}, arrests:"), methodology, StringComparison.Ordinal));
        Assert.Contains("What this summary changed", File.ReadAllText(_dir.File("r-2009/report.html")), StringComparison.Ordinal);
        Assert.DoesNotContain("What this summary changed", File.ReadAllText(_dir.File("r-2010-01/METHODOLOGY.md")), StringComparison.Ordinal);

        var chain = ChainVerifier.Verify([.. months.Select(m => _dir.File($"r-{m}")), _dir.File("r-2009"), _dir.File("r-2010-01")], SigningPublicKey.Load(_dir.File("s.pub")), inGivenOrder: true);
        Assert.All(chain, r => Assert.True(r.IsValid, string.Join("; ", r.Problems.Select(p => p.Reason))));
        Assert.Equal(0, Support.Cli.Run("query", _dir.File("r-2009"), "--measure", "removals", "--by", "offense_level").ExitCode);
        Assert.Contains("This release is the <strong>summary of 2009</strong>", File.ReadAllText(_dir.File("r-2009/report.html")), StringComparison.Ordinal);
        Assert.Equal(new Rational(1, 2), summary.Epsilon);
        Assert.True(summary.Calendar.IsSummary);
        _ = january;
    }

    [Fact]
    public void ASpecChangedMidCalendar_AStoreEditedOrSwapped_AndASummaryTooEarly_AreRefusedBeforeAnythingIsSpent()
    {
        Release("2009-01");
        var example = File.ReadAllText(CalendarExample);
        Assert.Contains("\"weight\": 400", example, StringComparison.Ordinal); // the edit below must change the spec
        var changed = _dir.Write("changed.json", example.Replace("\"weight\": 400", "\"weight\": 300", StringComparison.Ordinal));
        var e1 = Assert.Throws<RefusedException>(() => Release("2009-02", spec: changed));
        var summary = Assert.Throws<RefusedException>(() => Release("2009", Snapshot("2009-02")));

        var store = Directory.GetFiles(CalendarStoreFile.Folder(Ledger, "boston-monthly")).Single();
        var bytes = File.ReadAllBytes(store);
        bytes[100] ^= 1;
        File.WriteAllBytes(store, bytes);
        var e2 = Assert.Throws<RefusedException>(() => Release("2009-02"));

        Assert.Contains("its calendar store was made for another calendar or spec", e1.Message);
        Assert.Contains("the summary 2009 measures its periods again, so they must be published first; release up to 2009-12 first (the calendar is published up to 2009-01)", summary.Message);
        Assert.Contains("is not the store the ledger's last calendar charge wrote", e2.Message);
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal(new Rational(1, 2), ledger.Status("boston-monthly").Spent);
        Assert.Equal(1, ledger.Status("boston-monthly").ReleaseCount);
    }

    [Fact]
    public void TheCommandLine_ReleasesAPeriod_AndSaysWhatWasNewAndWhatWentBackwards()
    {
        var snapshot = Snapshot("2009-01");
        var run = Support.Cli.Run("release", "--in", snapshot, "--spec", CalendarExample, "--period", "2009-01", "--out", _dir.File("cli"), "--ledger", Ledger, "--unsigned", "--quiet");
        var missing = Support.Cli.Run("release", "--in", snapshot, "--spec", CalendarExample, "--out", _dir.File("cli2"), "--ledger", Ledger, "--unsigned", "--quiet");
        var query = Support.Cli.Run("query", _dir.File("cli"), "--measure", "arrests", "--by", "period");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("calendar (exact, for the records unit only; not in the release): measured 2009-01:", run.Error);
        Assert.Contains("bookings first seen", run.Error);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("give the period (for example 2009-01)", missing.Error);
        Assert.Equal(0, query.ExitCode);
        Assert.Contains("2009-01", query.Output);
        Assert.Contains("--period", Support.Cli.Run("release", "--help").Output);
    }

    [Fact]
    public void AReleaseThatFailedAfterItsCharge_IsMeasuredAgainByTheNext_AndChargedAgain()
    {
        Release("2009-01");
        var snapshot = Snapshot("2009-02");
        var crash = Assert.Throws<InvalidOperationException>(() => Releaser.Run(new ReleaseOptions
        {
            InputPath = snapshot,
            Spec = ReleaseSpec.Load(CalendarExample),
            OutputDirectory = _dir.File("crashed"),
            LedgerPath = Ledger,
            SigningKey = _signing,
            Period = "2009-02",
            Progress = new Fail("writing and signing"),
        }));
        var notices = new List<string>();
        var rerun = Release("2009-02", snapshot, notices: notices);

        Assert.Equal("simulated failure at writing and signing", crash.Message);
        Assert.False(Directory.Exists(_dir.File("crashed")));
        Assert.Contains("the release of 2009-02 was charged but never published", Assert.Single(notices));
        Assert.True(rerun.Calendar!.Remeasured > 0);
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal("every=0;2009-01..2009-01=0.5;2009-02..2009-02=1", ledger.Status("boston-monthly").Charges.ToString());
        Assert.Equal(Rational.One, ledger.Status("boston-monthly").Spent);
        Assert.All(ChainVerifier.Verify([_dir.File("r-2009-01"), _dir.File("r-2009-02")], SigningPublicKey.Load(_dir.File("s.pub")), inGivenOrder: true), r => Assert.True(r.IsValid, string.Join("; ", r.Problems.Select(p => p.Reason))));
    }

    [Fact]
    public void APreviousReleaseEditedOrMoved_IsRefused_SoThatNothingWrongIsCarried()
    {
        Release("2009-01");
        var measurements = _dir.File("r-2009-01/measurements.csv");
        var original = File.ReadAllText(measurements);
        File.WriteAllText(measurements, original.Replace(",1\n", ",1\n", StringComparison.Ordinal) + "monthly,period=2009-01,not_matched,5,1,1\n");
        var edited = Assert.Throws<RefusedException>(() => Release("2009-02"));
        File.WriteAllText(measurements, original);
        Directory.Move(_dir.File("r-2009-01"), _dir.File("moved"));
        var moved = Assert.Throws<RefusedException>(() => Release("2009-02"));

        Assert.Contains("the calendar's previous release", edited.Message);
        Assert.Contains("is missing or is not the one the ledger recorded", moved.Message);
        using var ledger = BudgetLedger.Open(Ledger);
        Assert.Equal(1, ledger.Status("boston-monthly").ReleaseCount);
        Assert.Equal(new Rational(1, 2), ledger.Status("boston-monthly").Spent);
    }

    // Fails the release at a stage, after its charge, as a full disk or a killed signer would.
    private sealed class Fail(string stage) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value)
        {
            if (value.Stage == stage)
            {
                throw new InvalidOperationException($"simulated failure at {stage}");
            }
        }
    }
}
