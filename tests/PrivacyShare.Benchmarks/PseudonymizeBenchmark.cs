using System.Diagnostics;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `pseudonymize`: canonical rows read, pseudonymized with the default policy (two HMACs a row), risk
/// counted and written. Target: 1,000,000 rows in at most 2.5 s wall on 2 cores. The synthetic input
/// is made first and not timed.
/// </summary>
internal static class PseudonymizeBenchmark
{
    public static Measurement Run(long rows)
    {
        var dir = Directory.CreateTempSubdirectory("ps-bench-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.csv");
            Synthesizer.Run(new SynthOptions { Rows = rows, Seed = 1, OutputPath = input });
            var keyPath = Path.Combine(dir.FullName, "k.key");
            PseudonymKey.Create(keyPath, default, encrypt: false, overwrite: false);
            using var key = PseudonymKey.Load(keyPath, (_, _) => throw new InvalidOperationException());

            var (gen0, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
            var clock = Stopwatch.StartNew();
            var result = Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = Path.Combine(dir.FullName, "out.csv"), Key = key });
            clock.Stop();
            return new Measurement(rows, "rows", clock.Elapsed, $" | {result.Risk.Before.Classes:N0} risk classes | {GC.CollectionCount(0) - gen0} gen0 and {GC.CollectionCount(2) - gen2} gen2 collections, {(GC.GetTotalAllocatedBytes() - allocated) / 1048576} MiB allocated");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
