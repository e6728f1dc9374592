using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Synthetic;
using PrivacyShare.Synthetic.Scoring;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `calendar N`: N boston-2008 histories of 24 months (January 2009 to December 2010, about 33,000
/// bookings), each published four ways at a person-level epsilon of 1 for the whole history, and scored
/// against the last snapshot's exact, unbounded counts (docs/calendar.md; the calendar issue's targets):
/// <list type="bullet">
/// <item>the calendar with yearly summaries (examples/releases/boston-calendar.json): 24 monthly releases,
/// each reading that month's <c>synth --as-of</c> snapshot, plus <c>--period 2009</c> and <c>--period 2010</c>
/// after each December; all 26 must succeed and the ledger must show epsilon 1 spent;</item>
/// <item>the same calendar without summaries (all the epsilon to the monthly releases);</item>
/// <item>the cumulative extract released again each month, one-shot, at epsilon 1/24 (the last one scored);</item>
/// <item>one one-shot release at the end, at epsilon 1.</item>
/// </list>
/// Per design: the median relative error of arrests per period (target at most 5%), total removals
/// since the start within 20% (target in at least 90% of histories), the Level 2/3 share of removals
/// within 12 points (at least 90%), and the share of published cells and query rows whose interval
/// contains the true count (95% to 99.5%). With PRIVACYSHARE_CALENDAR_DESIGNS=summaries only the first
/// design is run (about 19 s a history instead of 46 s), for a run long enough to tell 85% from 90%.
/// </summary>
internal static class CalendarBenchmark
{
    private const int Rows = 33_000;
    private static readonly ArrestMonth From = ArrestMonth.Parse("2009-01");
    private static readonly ArrestMonth To = ArrestMonth.Parse("2010-12");

    public static Measurement Run(long histories)
    {
        var dir = Directory.CreateTempSubdirectory("ps-calendar-");
        try
        {
            var example = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(ReleaseBenchmark.FindSpec())!, "boston-calendar.json")))!.AsObject();
            var designs = new[] { "calendar with summaries", "calendar without summaries", "monthly re-release at 1/24", "one release at the end" };
            var only = Environment.GetEnvironmentVariable("PRIVACYSHARE_CALENDAR_DESIGNS") == "summaries";
            var scores = designs.ToDictionary(d => d, _ => new Score(), StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            using var key = CreateKey(dir.FullName);
            var failures = 0;
            for (var h = 1; h <= histories; h++)
            {
                var months = Enumerable.Range(0, From.MonthsThrough(To)).Select(From.Plus).ToList();
                var snapshots = months.Select(m => Snapshot(dir.FullName, h, m, key)).ToList();
                var truth = Truth.Of(snapshots.Select(s => s.Raw).ToList());

                // The calendar, with and without summaries.
                foreach (var (name, summaries) in new[] { (designs[0], true), (designs[1], false) }.Take(only ? 1 : 2))
                {
                    var json = example.DeepClone().AsObject();
                    json["dataset"] = $"h{h}-{(summaries ? "s" : "n")}";
                    if (!summaries)
                    {
                        json["calendar"]!.AsObject().Remove("summary");
                    }

                    var spec = ReleaseSpec.Load(Write(dir.FullName, $"spec-{h}-{summaries}.json", json.ToJsonString()));
                    var ledgerPath = Path.Combine(dir.FullName, $"ledger-{h}-{summaries}.db");
                    using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
                    {
                        ledger.SetBudget(spec.Dataset, Rational.One);
                    }

                    string? last = null;
                    for (var i = 0; i < months.Count; i++)
                    {
                        last = Release(dir.FullName, spec, ledgerPath, snapshots[i].Pseudonymized, months[i].ToString());
                        if (summaries && months[i].Month == 12)
                        {
                            last = Release(dir.FullName, spec, ledgerPath, snapshots[i].Pseudonymized, months[i].Year.ToString(CultureInfo.InvariantCulture));
                        }
                    }

                    using (var ledger = BudgetLedger.Open(ledgerPath))
                    {
                        var status = ledger.Status(spec.Dataset);
                        if (status.Spent != Rational.One || status.Releases.Length != (summaries ? 26 : 24))
                        {
                            failures++;
                            Console.Error.WriteLine($"history {h}, {name}: {status.Releases.Length} releases, epsilon {status.Spent} spent");
                        }
                    }

                    scores[name].AddCalendar(PublishedRelease.Load(last!), last!, truth);
                }

                if (only)
                {
                    continue;
                }

                // One-shot designs: the calendar's tables by arrest month.
                var oneShot = example.DeepClone().AsObject();
                oneShot.Remove("calendar");
                oneShot["period"] = new JsonObject { ["from"] = From.ToString(), ["to"] = To.ToString() };
                foreach (var table in oneShot["tables"]!.AsArray())
                {
                    table!["dimensions"] = new JsonArray([.. table["dimensions"]!.AsArray().Select(d => JsonValue.Create((string)d! == "period" ? "arrest_month" : (string)d!))]);
                }

                foreach (var (name, epsilon, releases) in new[] { (designs[2], new Rational(1, 24), months.Count), (designs[3], Rational.One, 1) })
                {
                    oneShot["dataset"] = $"h{h}-{releases}";
                    oneShot["privacy"]!["epsilon"] = epsilon.ToString();
                    var spec = ReleaseSpec.Load(Write(dir.FullName, $"oneshot-{h}-{releases}.json", oneShot.ToJsonString()));
                    var ledgerPath = Path.Combine(dir.FullName, $"ledger-{h}-{releases}.db");
                    using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
                    {
                        ledger.SetBudget(spec.Dataset, Rational.One);
                    }

                    string? last = null;
                    for (var i = months.Count - releases; i < months.Count; i++)
                    {
                        last = Release(dir.FullName, spec, ledgerPath, snapshots[i].Raw, null);
                    }

                    scores[name].AddOneShot(PublishedRelease.Load(last!), snapshots[^1].Raw, truth);
                }
            }

            clock.Stop();
            Console.WriteLine($"calendar: {histories} boston-2008 histories of {Rows:N0} bookings, {From} to {To}, person-level epsilon 1 each way; {failures} calendars short of 26/24 releases or not at epsilon 1");
            foreach (var (name, score) in scores.Where(s => s.Value.Histories > 0))
            {
                Console.WriteLine($"  {name,-28} arrests per period median error {P(ScoredSet.Median(score.ArrestsByPeriod))} (<= 5%); total removals within 20%: {P(score.TotalWithin / (double)score.Histories)} (>= 90%), median error {P(ScoredSet.Median(score.TotalErrors))}; " +
                    $"L2/3 share within 12 pts: {P(score.ShareWithin / (double)score.Histories)} (>= 90%); intervals cover: cells {P2(score.CellsCovered / (double)score.Cells)} ({score.CellsCovered:N0} of {score.Cells:N0}), query rows {P2(score.RowsCovered / (double)score.QueryRows)} ({score.RowsCovered:N0} of {score.QueryRows:N0}) (95% to 99.5%)");
            }

            return new Measurement(histories, "histories (each published four ways and scored)", clock.Elapsed);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string P(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    // Coverage is judged against the edges of 95% to 99.5%, so it is shown to two decimals with its counts.
    private static string P2(double x) => (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static PseudonymKey CreateKey(string dir)
    {
        var path = Path.Combine(dir, "p.key");
        PseudonymKey.Create(path, default, false, false);
        return PseudonymKey.Load(path, (_, _) => []);
    }

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (string Raw, string Pseudonymized) Snapshot(string dir, int history, ArrestMonth month, PseudonymKey key)
    {
        var raw = Path.Combine(dir, $"raw-{history}-{month}.csv");
        var pseudonymized = Path.Combine(dir, $"p-{history}-{month}.csv");
        Synthesizer.Run(new SynthOptions { Rows = Rows, Seed = history, OutputPath = raw, From = From, To = To, AsOf = month });
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = raw, OutputPath = pseudonymized, Key = key });
        return (raw, pseudonymized);
    }

    private static string Release(string dir, ReleaseSpec spec, string ledgerPath, string input, string? period)
    {
        var folder = Path.Combine(dir, $"r-{spec.Dataset}-{period ?? Guid.NewGuid().ToString("N")}");
        Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = folder, LedgerPath = ledgerPath, Period = period });
        return folder;
    }

    // The exact counts of the history, from its snapshots (raw, so the booking_id is the records
    // system's): per month, the bookings first seen and the outcomes first recorded, by district and by
    // offense level; and the removals of the last snapshot by level.
    private sealed class Truth
    {
        public Dictionary<(string Measure, int Period, string Dimension, string Value), long> Events { get; } = [];

        public long Removals { get; private set; }

        public long RemovalsLevel23 { get; private set; }

        public static Truth Of(IReadOnlyList<string> snapshots)
        {
            var truth = new Truth();
            var stage = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var p = 0; p < snapshots.Count; p++)
            {
                using var csv = CsvTableReader.Open(snapshots[p]);
                int Col(string name) => csv.IndexOf(name);
                var (booking, match, detainer, removed, district, level) = (Col("booking_id"), Col("ident_match"), Col("detainer_issued"), Col("removed"), Col("district"), Col("offense_level"));
                while (csv.MoveNext())
                {
                    var id = csv[booking].ToString();
                    var s = csv[removed].ToString() == "Y" ? 3 : csv[detainer].ToString() == "Y" ? 2 : csv[match].ToString() == "Y" ? 1 : 0;
                    var before = stage.TryGetValue(id, out var b) ? b : -1;
                    var (d, l) = (csv[district].ToString().Trim(), csv[level].ToString().Trim());
                    for (var kind = before + 1; kind <= s; kind++)
                    {
                        var measure = Measures.Name((Measure)kind);
                        Add(truth, measure, p, "", "");
                        Add(truth, measure, p, "district", d);
                        Add(truth, measure, p, "offense_level", l);
                    }

                    stage[id] = Math.Max(before, s);
                    if (p == snapshots.Count - 1 && s == 3)
                    {
                        truth.Removals++;
                        truth.RemovalsLevel23 += l is "2" or "3" ? 1 : 0;
                    }
                }
            }

            return truth;
        }

        public long Get(string measure, int period, string dimension = "", string value = "") =>
            Events.GetValueOrDefault((measure, period, dimension, value));

        private static void Add(Truth t, string measure, int p, string dimension, string value) =>
            t.Events[(measure, p, dimension, value)] = t.Events.GetValueOrDefault((measure, p, dimension, value)) + 1;
    }

    private sealed class Score
    {
        private static readonly ImmutableDictionary<string, ImmutableArray<string>> Where23 = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("offense_level", ["2", "3"]);

        public List<double> ArrestsByPeriod { get; } = [];

        public List<double> TotalErrors { get; } = [];

        public int Histories { get; private set; }

        public int TotalWithin { get; private set; }

        public int ShareWithin { get; private set; }

        public long Cells { get; private set; }

        public long CellsCovered { get; private set; }

        public long QueryRows { get; private set; }

        public long RowsCovered { get; private set; }

        // A calendar's last release: every table by period against the events first recorded in each
        // period; the queries against the same, and total removals against the last snapshot.
        public void AddCalendar(PublishedRelease release, string folder, Truth truth)
        {
            foreach (var (table, measures) in new[] { ("monthly", new[] { "arrests", "ident_matches", "detainers" }), ("removals_by_level", new[] { "removals" }), ("by_district", new[] { "arrests" }) })
            {
                using var csv = CsvTableReader.Open(Path.Combine(folder, table + ".csv"));
                var header = csv.Header.ToList();
                var dimension = header[1] is "offense_level" or "district" ? header[1] : "";
                while (csv.MoveNext())
                {
                    var period = release.Domains["period"].IndexOf(csv[0].ToString());
                    var value = dimension.Length == 0 ? "" : csv[1].ToString();
                    foreach (var m in measures)
                    {
                        var at = header.IndexOf(m);
                        var t = truth.Get(m, period, dimension, value);
                        Cell(long.Parse(csv[at + 1], CultureInfo.InvariantCulture), long.Parse(csv[at + 2], CultureInfo.InvariantCulture), t);
                        if (table == "monthly" && m == "arrests")
                        {
                            ArrestsByPeriod.Add(Math.Abs(long.Parse(csv[at], CultureInfo.InvariantCulture) - t) / (double)t);
                        }
                    }
                }
            }

            var periods = release.Domains["period"].Length;
            var total = release.Answer(ReleaseQuery.Total(Measure.Removals)).Rows[0];
            var l23 = release.Answer(new ReleaseQuery(Measure.Removals, [], Where23)).Rows[0];
            var byLevel = release.Answer(ReleaseQuery.ByDimensions(Measure.Removals, "offense_level")).Rows;
            Row(total, truth.Removals);
            Row(l23, truth.RemovalsLevel23);
            foreach (var row in byLevel)
            {
                Row(row, Enumerable.Range(0, periods).Sum(p => truth.Get("removals", p, "offense_level", row.Values[0])));
            }

            foreach (var row in release.Answer(ReleaseQuery.ByDimensions(Measure.Arrests, "period")).Rows)
            {
                Row(row, truth.Get("arrests", release.Domains["period"].IndexOf(row.Values[0])));
            }

            Totals(total.Estimate, byLevel.Where(r => r.Values[0] is "2" or "3").Sum(r => r.Estimate), byLevel.Sum(r => r.Estimate), truth);
        }

        // A one-shot release by arrest month: scored by score's own code against the last snapshot.
        public void AddOneShot(PublishedRelease release, string snapshot, Truth truth)
        {
            ReleaseQuery[] queries = [ReleaseQuery.Total(Measure.Removals), new(Measure.Removals, [], Where23), ReleaseQuery.ByDimensions(Measure.Removals, "offense_level"), ReleaseQuery.ByDimensions(Measure.Arrests, "arrest_month")];
            var report = ReleaseScorer.Score(release, snapshot, queries);
            var q = report.Queries.ToDictionary(s => s.Name, StringComparer.Ordinal);
            Cells += report.Tables.Sum(t => t.Rows.Length);
            CellsCovered += report.Tables.Sum(t => t.Rows.Count(x => x.Covered));
            QueryRows += report.Queries.Sum(t => t.Rows.Length);
            RowsCovered += report.Queries.Sum(t => t.Rows.Count(x => x.Covered));
            ArrestsByPeriod.AddRange(q["arrests by arrest_month"].Rows.Select(r => Math.Abs(r.Estimate - r.Truth) / (double)r.Truth));
            var levels = q["removals by offense_level"].Rows;
            Totals(q["removals"].Rows[0].Estimate, levels.Where(r => r.Values[0] is "2" or "3").Sum(r => r.Estimate), levels.Sum(r => r.Estimate), truth);
        }

        private void Totals(long removals, long level23, long levels, Truth truth)
        {
            Histories++;
            var error = Math.Abs(removals - truth.Removals) / (double)truth.Removals;
            TotalErrors.Add(error);
            TotalWithin += error <= 0.20 ? 1 : 0;
            var share = levels == 0 ? 0 : level23 / (double)levels;
            ShareWithin += Math.Abs(share - truth.RemovalsLevel23 / (double)truth.Removals) <= 0.12 ? 1 : 0;
        }

        private void Cell(long lower, long upper, long truth)
        {
            Cells++;
            CellsCovered += lower <= truth && truth <= upper ? 1 : 0;
        }

        private void Row(QueryRow row, long truth)
        {
            QueryRows++;
            RowsCovered += row.Lower <= truth && truth <= row.Upper ? 1 : 0;
        }
    }
}
