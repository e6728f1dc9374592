using System.Diagnostics;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `ledger N`: what a release's ledger work costs on a new ledger and on one of N entries, side by side
/// in one run: a charge and its publication (two write transactions), 50 times each. Target: the cost
/// must not grow with the number of entries beyond a log factor (issue 23).
/// </summary>
internal static class LedgerBenchmark
{
    public static Measurement Run(long entries)
    {
        var folder = Directory.CreateTempSubdirectory("privacyshare-ledger-bench").FullName;
        try
        {
            var small = Cycle(Path.Combine(folder, "small.db"), 10);
            var large = Cycle(Path.Combine(folder, "large.db"), entries);
            return new Measurement(50, "charge+publish cycles", large,
                $" | on a ledger of {entries:N0} entries; {small.TotalMilliseconds / 50:F2} ms a cycle on one of 10 entries, {large.TotalMilliseconds / 50:F2} ms on {entries:N0} (ratio {large / small:F2})");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TimeSpan Cycle(string path, long entries)
    {
        using var ledger = BudgetLedger.Open(path, create: true);
        ledger.SetBudget("bench", new Rational(100, 1));
        for (long i = 1; i < entries; i++)
        {
            ledger.SetBudget("bench", new Rational(100 - (i % 2), 1) / 1, "benchmark: the ledger grows"); // budget entries: the ledger grows
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            var r = ledger.Reserve("bench", new Rational(1, 1000), new PeriodRange(Records.ArrestMonth.Parse("2009-01"), Records.ArrestMonth.Parse("2009-12")), everyPeriod: true, path + $".r{i}");
            ledger.Publish(r.EntryId, "bench", $"{i}", new string('a', 64));
        }

        return clock.Elapsed;
    }
}
