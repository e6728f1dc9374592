using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Synthetic;
using PrivacyShare.Synthetic.Scoring;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `utility N`: the example release (examples/releases/boston.json, epsilon 1) made N times, each with a
/// fresh scratch ledger, from boston-2008 extracts of 29,000 rows (Boston's scale; ten seeds, N/10
/// releases each), and scored with `score`'s code against the exact counts of ALL records. Prints the
/// figures the "useful releases" issue sets targets for:
/// <list type="bullet">
/// <item>total removals within 15% of the truth in at least 90% of releases;</item>
/// <item>the Level 2/3 share of removals within 10 points in at least 90%;</item>
/// <item>arrests by month, median relative error at most 5%;</item>
/// <item>IDENT matches by month, median relative error at most 25%;</item>
/// <item>arrests by district x race, cells with at least 200 arrests, median relative error at most 15%;</item>
/// <item>IDENT matches by ethnicity answered;</item>
/// <item>intervals of cells and of query answers containing the true count 93% to 99.5% of the time;</item>
/// <item>and the readable-intervals issue's (#21): the median width, relative to the true count, of the
/// interval from noise (arrests by month at most 15%, total removals at most 35%) and of the interval
/// for the true count (arrests by month 40%, IDENT matches by month 300%, removals by level 110%, total
/// removals 45%).</item>
/// </list>
/// </summary>
internal static class UtilityBenchmark
{
    private const int Extracts = 10;

    public static Measurement Run(long releases)
    {
        var dir = Directory.CreateTempSubdirectory("ps-utility-");
        try
        {
            var spec = ReleaseSpec.Load(ReleaseBenchmark.FindSpec());
            var removalsWithin = 0;
            var shareWithin = 0;
            var totalRemovalErrors = new List<double>();
            var shareErrors = new List<double>();
            var arrestsByMonth = new List<double>();
            var matchesByMonth = new List<double>();
            var districtRace = new List<double>();
            var widths = new Dictionary<string, (List<double> Noise, List<double> True)>(StringComparer.Ordinal);
            void Widths(string question, IEnumerable<ScoredRow> scored)
            {
                if (!widths.TryGetValue(question, out var w))
                {
                    widths[question] = w = ([], []);
                }

                foreach (var r in scored.Where(r => r.Truth > 0))
                {
                    w.Noise.Add((r.NoiseUpper - r.NoiseLower) / (double)r.Truth);
                    w.True.Add((r.Upper - r.Lower) / (double)r.Truth);
                }
            }

            long cells = 0, cellsCovered = 0, rows = 0, rowsCovered = 0;
            var ethnicityAnswered = 0;
            var perExtract = (int)Math.Max(1, releases / Extracts);
            var made = 0;
            var clock = Stopwatch.StartNew();
            var where23 = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("offense_level", ["2", "3"]);
            ReleaseQuery[] queries =
            [
                ReleaseQuery.Total(Measure.Removals), new(Measure.Removals, [], where23),
                ReleaseQuery.ByDimensions(Measure.Arrests, "arrest_month"), ReleaseQuery.ByDimensions(Measure.IdentMatches, "arrest_month"),
                ReleaseQuery.ByDimensions(Measure.Arrests, "district", "race"), ReleaseQuery.ByDimensions(Measure.IdentMatches, "ethnicity"),
                ReleaseQuery.ByDimensions(Measure.Removals, "offense_level"), ReleaseQuery.Total(Measure.Arrests), ReleaseQuery.Total(Measure.IdentMatches),
            ];
            for (var seed = 1; seed <= Extracts && made < releases; seed++)
            {
                var input = Path.Combine(dir.FullName, $"in-{seed}.csv");
                Synthesizer.Run(new SynthOptions { Rows = 29_000, Seed = seed, OutputPath = input });
                for (var r = 0; r < perExtract && made < releases; r++, made++)
                {
                    // A fresh ledger for every release: each is a first release of the dataset.
                    var ledgerPath = Path.Combine(dir.FullName, $"ledger-{seed}-{r}.db");
                    using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
                    {
                        ledger.SetBudget(spec.Dataset, Rational.One);
                    }

                    var folder = Path.Combine(dir.FullName, $"rel-{seed}-{r}");
                    Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = folder, LedgerPath = ledgerPath });
                    var report = ReleaseScorer.Score(PublishedRelease.Load(folder), input, queries);
                    var q = report.Queries.ToDictionary(s => s.Name);

                    var total = q["removals"].Rows[0];
                    var l23 = q["removals where offense_level=2|3"].Rows[0];
                    var relative = Math.Abs(total.Estimate - total.Truth) / (double)total.Truth;
                    totalRemovalErrors.Add(relative);
                    removalsWithin += relative <= 0.15 ? 1 : 0;

                    // The share as a reader computes it from the published Level table.
                    var levels = q["removals by offense_level"].Rows;
                    var estimatedShare = levels.Sum(x => x.Estimate) == 0 ? 0 : (levels[1].Estimate + levels[2].Estimate) / (double)levels.Sum(x => x.Estimate);
                    var trueShare = l23.Truth / (double)total.Truth;
                    shareErrors.Add(Math.Abs(estimatedShare - trueShare));
                    shareWithin += Math.Abs(estimatedShare - trueShare) <= 0.10 ? 1 : 0;

                    arrestsByMonth.AddRange(q["arrests by arrest_month"].Rows.Select(Relative));
                    matchesByMonth.AddRange(q["ident_matches by arrest_month"].Rows.Select(Relative));
                    districtRace.AddRange(q["arrests by district, race"].Rows.Where(x => x.Truth >= 200).Select(Relative));
                    ethnicityAnswered += q.ContainsKey("ident_matches by ethnicity") ? 1 : 0;
                    Widths("arrests by month", q["arrests by arrest_month"].Rows);
                    Widths("IDENT matches by month", q["ident_matches by arrest_month"].Rows);
                    Widths("removals by level", q["removals by offense_level"].Rows);
                    Widths("total removals", q["removals"].Rows);
                    Widths("district x race >= 200", q["arrests by district, race"].Rows.Where(x => x.Truth >= 200));
                    Widths("IDENT by ethnicity", q["ident_matches by ethnicity"].Rows);
                    cells += report.Tables.Sum(t => t.Rows.Length);
                    cellsCovered += report.Tables.Sum(t => t.Rows.Count(x => x.Covered));
                    rows += report.Queries.Sum(t => t.Rows.Length);
                    rowsCovered += report.Queries.Sum(t => t.Rows.Count(x => x.Covered));
                    Directory.Delete(folder, recursive: true);
                }
            }

            clock.Stop();
            string P(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            Console.WriteLine($"utility of examples/releases/boston.json (epsilon {spec.TotalEpsilon}) over {made} releases of {Extracts} boston-2008 extracts of 29,000 rows, each with a fresh ledger:");
            Console.WriteLine($"  total removals within 15% of the truth:     {P(removalsWithin / (double)made)} of releases (target >= 90%); median error {P(ScoredSet.Median(totalRemovalErrors))}");
            Console.WriteLine($"  Level 2/3 share of removals within 10 pts:  {P(shareWithin / (double)made)} of releases (target >= 90%); median error {(100 * ScoredSet.Median(shareErrors)).ToString("0.0", CultureInfo.InvariantCulture)} pts");
            Console.WriteLine($"  arrests by month, median relative error:    {P(ScoredSet.Median(arrestsByMonth))} (target <= 5%)");
            Console.WriteLine($"  IDENT matches by month, median rel. error:  {P(ScoredSet.Median(matchesByMonth))} (target <= 25%)");
            Console.WriteLine($"  district x race cells >= 200, median rel.:  {P(ScoredSet.Median(districtRace))} over {districtRace.Count:N0} cells (target <= 15%)");
            Console.WriteLine($"  IDENT matches by ethnicity answered:        {ethnicityAnswered} of {made} releases");
            Console.WriteLine($"  intervals containing the true count:        cells {P(cellsCovered / (double)cells)} of {cells:N0}, query rows {P(rowsCovered / (double)rows)} of {rows:N0} (target 93% to 99.5%)");
            Console.WriteLine("  median interval width relative to the true count (targets: noise / true count):");
            foreach (var (question, (noise, truth), target) in new[] { "arrests by month", "IDENT matches by month", "removals by level", "total removals", "district x race >= 200", "IDENT by ethnicity" }
                .Zip(new[] { "<= 15% / <= 40%", "- / <= 300%", "- / <= 110%", "<= 35% / <= 45%", "no target", "no target" }, (k, t) => (k, widths[k], t)))
            {
                Console.WriteLine($"    {question,-24} from noise {P(ScoredSet.Median(noise)),7}, for the true count {P(ScoredSet.Median(truth)),7}  ({target})");
            }
            return new Measurement(made, "releases (made and scored)", clock.Elapsed);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static double Relative(ScoredRow row) => row.Truth == 0 ? double.NaN : Math.Abs(row.Estimate - row.Truth) / (double)row.Truth;
}
