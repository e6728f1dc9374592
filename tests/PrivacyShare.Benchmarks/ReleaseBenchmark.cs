using System.Diagnostics;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `release`: canonical rows into the tables of examples/releases/boston.json, ledger, estimation,
/// display rounding and files included. Target: at least 2.5x faster than the sqlite3 shell's
/// `.import` plus one GROUP BY on the same file (reference/release.sql), timed side by side in the same
/// run. Also reports the identity map's bytes per person (managed heap growth across the counting pass,
/// divided by people).
/// </summary>
internal static class ReleaseBenchmark
{
    public static Measurement Run(long rows)
    {
        var dir = Directory.CreateTempSubdirectory("ps-bench-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.csv");
            Synthesizer.Run(new SynthOptions { Rows = rows, Seed = 1, OutputPath = input });
            var spec = ReleaseSpec.Load(FindSpec());
            var ledgerPath = Path.Combine(dir.FullName, "ledger.db");
            using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
            {
                ledger.SetBudget(spec.Dataset, new Rational(100, 1));
            }

            var stages = new StageClock();
            var clock = Stopwatch.StartNew();
            Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = Path.Combine(dir.FullName, "rel"), LedgerPath = ledgerPath, Progress = stages });
            clock.Stop();
            var reference = Sqlite(input);

            // The person table's cost: a table of the same type filled with as many people, measured on the heap.
            var countClock = Stopwatch.StartNew();
            var counts = ReleaseCounter.Count(spec.Design, input);
            var countTime = countClock.Elapsed;
            // The table lives outside the managed heap: what it costs is the resident memory it adds.
            GC.Collect();
            var before = Environment.WorkingSet;
            long after;
            using (var map = new PrivacyShare.Internals.HashIndex())
            {
                for (var i = 0L; i < counts.People; i++)
                {
                    map.GetOrAdd(unchecked((ulong)i * 0x9E3779B97F4A7C15UL), out _);
                }

                after = Environment.WorkingSet;
            }

            var versus = reference is { } r ? $" | sqlite3 .import + GROUP BY {r.TotalSeconds:F3} s: {r / clock.Elapsed:F2}x faster (target 2.5x)" : " | sqlite3 not found: no reference";
            return new Measurement(rows, "rows", clock.Elapsed, $"{versus} | {counts.People:N0} people, identity map {(after - before) / (double)counts.People:F0} bytes per person | counting pass alone {countTime.TotalSeconds:F3} s | stages: {stages.Describe(clock.Elapsed)}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // The reference: the sqlite3 shell loads the same file and runs one GROUP BY (reference/release.sql).
    private static TimeSpan? Sqlite(string input)
    {
        var sql = Path.Combine(Path.GetDirectoryName(FindSpec())!, "..", "..", "tests", "PrivacyShare.Benchmarks", "reference", "release.sql");
        var start = new ProcessStartInfo("sqlite3", [":memory:", "-cmd", $".import --csv {input} arrests"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Write(File.ReadAllText(sql));
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? clock.Elapsed : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    internal static string FindSpec()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "examples", "releases", "boston.json")))
        {
            d = d.Parent;
        }

        return Path.Combine(d?.FullName ?? throw new InvalidOperationException("examples/releases/boston.json not found"), "examples", "releases", "boston.json");
    }
}
