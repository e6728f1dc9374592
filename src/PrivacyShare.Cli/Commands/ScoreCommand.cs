using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Synthetic.Scoring;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare score</c>: a release beside the exact counts of the synthetic extract it was made from.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "The release folder" };
        var truth = new Option<string>("--truth") { Description = "The synthetic extract the release was made from (synth's output, or pseudonymize's)", Required = true, HelpName = "RAW.csv" };
        var json = new Option<bool>("--json") { Description = "Print the scores as JSON, with every row's exact count, estimate and interval" };
        var command = new Command("score",
            "Score a release against the synthetic extract it was made from: each table's and each query's error and how often the 95% intervals " +
            "contain the exact count of all records (no contribution bound). It prints exact counts: use it on synthetic data only, never on real records.")
        {
            directory, truth, json,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            var release = PublishedRelease.Load(parse.GetValue(directory)!);
            var report = ReleaseScorer.Score(release, parse.GetValue(truth)!);
            if (parse.GetValue(json))
            {
                WriteJson(stdout, report);
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"score of {release.Dataset} version {release.Version} against {parse.GetValue(truth)} ({report.Records:N0} records in the period; exact counts, synthetic data only)");
            Write(stdout, "table: measure", report.Tables);
            Write(stdout, "query", report.Queries);
            foreach (var u in report.Unanswered)
            {
                stdout.WriteLine($"  not answered: {u}");
            }

            stdout.WriteLine($"intervals containing the exact count: {Text.Percent(report.CellCoverage)} of {report.Tables.Sum(t => t.Rows.Length):N0} published values, " +
                $"{Text.Percent(report.QueryCoverage)} of {report.Queries.Sum(q => q.Rows.Length):N0} query rows (95% each)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Write(TextWriter stdout, string title, IReadOnlyList<ScoredSet> sets)
    {
        var width = Math.Max(title.Length, sets.Max(s => s.Name.Length));
        stdout.WriteLine($"  {title.PadRight(width)}  {"rows",5}  {"median |error|",14}  {"median rel.",11}  {"coverage",8}");
        foreach (var s in sets)
        {
            stdout.WriteLine($"  {s.Name.PadRight(width)}  {s.Rows.Length,5}  {s.MedianAbsoluteError.ToString("0.#", CultureInfo.InvariantCulture),14}  {Text.Percent(s.MedianRelativeError),11}  {Text.Percent(s.Coverage),8}");
        }
    }

    private static void WriteJson(TextWriter stdout, ScoreReport report)
    {
        JsonOutput.Write(stdout, json =>
        {
            void Number(string name, double value)
            {
                if (double.IsNaN(value))
                {
                    json.WriteNull(name);
                }
                else
                {
                    json.WriteNumber(name, value);
                }
            }

            void Sets(string name, IReadOnlyList<ScoredSet> sets)
            {
                json.WriteStartArray(name);
                for (var k = 0; k < sets.Count; k++)
                {
                    var s = sets[k];
                    json.WriteStartObject();
                    json.WriteString("name", s.Name);
                    Number("median_abs_error", s.MedianAbsoluteError);
                    Number("median_rel_error", s.MedianRelativeError);
                    Number("coverage", s.Coverage);
                    json.WriteStartArray("rows");
                    foreach (var r in s.Rows)
                    {
                        json.WriteStartObject();
                        for (var i = 0; i < r.Values.Length; i++)
                        {
                            json.WriteString(s.Dimensions[i], r.Values[i]);
                        }

                        json.WriteNumber("truth", r.Truth);
                        json.WriteNumber("estimate", r.Estimate);
                        json.WriteNumber("lower", r.Lower);
                        json.WriteNumber("upper", r.Upper);
                        json.WriteNumber("noise_lower", r.NoiseLower);
                        json.WriteNumber("noise_upper", r.NoiseUpper);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteStartObject();
            json.WriteNumber("records", report.Records);
            json.WriteNumber("confidence", 0.95);
            Number("cell_coverage", report.CellCoverage);
            Number("query_coverage", report.QueryCoverage);
            Sets("tables", report.Tables);
            Sets("queries", report.Queries);
            json.WriteStartArray("unanswered");
            report.Unanswered.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
