using System.Diagnostics;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `release`: canonical rows into the tables of examples/releases/boston.json, ledger, estimation,
/// display rounding and files included, beside the sqlite3 shell's `.import` plus one GROUP BY on the same
/// file (reference/release.sql) in the same run. In process, warm: issue #22's target (4x, both cold)
/// is for whole processes, measured by whole-process.sh. Also reports the bytes a person takes in the
/// person table's hash index (its slots, divided by people; the whole process's peak is
/// whole-process.sh's), and what the release allocates on the managed heap, per row.
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
            var (gen0, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));
            var clock = Stopwatch.StartNew();
            Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = Path.Combine(dir.FullName, "rel"), LedgerPath = ledgerPath, Progress = stages });
            clock.Stop();
            // What the release allocates on the managed heap: a row must not allocate (issue #22: one string
            // a record, the booking identifier's check, was 5% of a native release's CPU time).
            var heap = $"{GC.CollectionCount(0) - gen0} gen0 and {GC.CollectionCount(2) - gen2} gen2 collections, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)rows:F1} bytes allocated a row";
            var reference = Sqlite(input);

            // The person table's cost: a table of the same type filled with as many people, measured on the heap.
            var countClock = Stopwatch.StartNew();
            var counts = ReleaseCounter.Count(spec.Design, input);
            var countTime = countClock.Elapsed;
            // The table lives outside the managed heap, so the heap does not see it, and the resident set
            // does not either: memory the release freed is reused. What it holds is its slots' bytes.
            long bytes;
            using (var map = new PrivacyShare.Internals.HashIndex())
            {
                for (var i = 0L; i < counts.People; i++)
                {
                    map.GetOrAdd(unchecked((ulong)i * 0x9E3779B97F4A7C15UL), out _);
                }

                bytes = map.Bytes;
            }

            var versus = reference is { } r ? $" | sqlite3 .import + GROUP BY {r.TotalSeconds:F3} s: {r / clock.Elapsed:F2}x faster (in process; whole processes: whole-process.sh)" : " | sqlite3 not found: no reference";
            return new Measurement(rows, "rows", clock.Elapsed, $"{versus} | {counts.People:N0} people, a hash table of as many people {bytes / (double)counts.People:F0} bytes per person | {heap} | counting pass alone {countTime.TotalSeconds:F3} s | stages: {stages.Describe(clock.Elapsed)}");
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
