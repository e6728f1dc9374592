using System.Diagnostics;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `query N`: the cold-start time of `privacyshare query` on a release of the example spec (29,000
/// rows), N runs of each of three questions, each a new process as a user runs it. Target: under 0.5 s.
/// Beside it, `privacyshare --version` in the same run: what starting .NET and the CLI costs alone.
/// The CLI is built (Release) first if needed.
/// </summary>
internal static class QueryBenchmark
{
    public static Measurement Run(long runs)
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ReleaseBenchmark.FindSpec())!, "..", ".."));
        var cli = Path.Combine(root, "src", "PrivacyShare.Cli", "bin", "Release", "net10.0", "PrivacyShare.Cli.dll");
        Exec("dotnet", ["build", Path.Combine(root, "src", "PrivacyShare.Cli"), "-c", "Release", "-v", "q", "--nologo"]);
        var dir = Directory.CreateTempSubdirectory("ps-query-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.csv");
            Synthesizer.Run(new SynthOptions { Rows = 29_000, Seed = 1, OutputPath = input });
            var spec = ReleaseSpec.Load(ReleaseBenchmark.FindSpec());
            var ledgerPath = Path.Combine(dir.FullName, "ledger.db");
            using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
            {
                ledger.SetBudget(spec.Dataset, Rational.One);
            }

            var folder = Path.Combine(dir.FullName, "rel");
            Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = folder, LedgerPath = ledgerPath });
            string[][] questions =
            [
                ["query", folder, "--measure", "removals", "--by", "offense_level", "--json"],
                ["query", folder, "--measure", "ident_matches", "--by", "arrest_month"],
                ["query", folder, "--measure", "arrests", "--by", "district,race"],
            ];
            var startup = Median(Enumerable.Range(0, (int)runs).Select(_ => Exec("dotnet", [cli, "--version"])));
            var times = questions.Select(q => Enumerable.Range(0, (int)runs).Select(_ => Exec("dotnet", [cli, .. q])).ToArray()).ToArray();
            var all = times.SelectMany(t => t).ToArray();
            var detail = string.Join("; ", questions.Select((q, i) => $"{string.Join(' ', q.Skip(2))}: median {Median(times[i]):F3} s, max {times[i].Max():F3} s"));
            return new Measurement(all.Length, "cold queries", TimeSpan.FromSeconds(all.Sum()),
                $" | median {Median(all):F3} s, max {all.Max():F3} s per query (target < 0.5 s) | --version alone {startup:F3} s | {detail}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    // Runs a process to its end and returns its wall time in seconds; a failure stops the benchmark.
    private static double Exec(string file, string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {error}{output.Result}");
        }

        return clock.Elapsed.TotalSeconds;
    }
}
