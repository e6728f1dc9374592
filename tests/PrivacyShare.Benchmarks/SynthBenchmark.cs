using System.Diagnostics;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>`synth`: rows generated and written to a CSV file. Target: at least 250,000 rows/s.</summary>
internal static class SynthBenchmark
{
    public static Measurement Run(long rows)
    {
        var dir = Directory.CreateTempSubdirectory("ps-bench-");
        try
        {
            var path = Path.Combine(dir.FullName, "synth.csv");
            var clock = Stopwatch.StartNew();
            Synthesizer.Run(new SynthOptions { Rows = rows, Seed = 1, OutputPath = path });
            clock.Stop();
            return new Measurement(rows, "rows", clock.Elapsed, $" | {new FileInfo(path).Length / (1024.0 * 1024):F0} MiB written");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
