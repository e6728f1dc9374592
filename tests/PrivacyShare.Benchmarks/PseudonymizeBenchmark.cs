using System.Diagnostics;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `pseudonymize`: canonical rows read, pseudonymized with the default policy (two HMACs a row), risk
/// counted and written. Target: at least 6 times faster than the plain Python standard-library script
/// (reference/pseudonymize.py), timed side by side in the same run on the same file. The synthetic
/// input is made first and not timed.
/// </summary>
internal static class PseudonymizeBenchmark
{
    // The reference: the plain Python standard-library script on the same file, with the same key.
    private static TimeSpan? Python(string key, string input, string output)
    {
        var script = Path.Combine(Path.GetDirectoryName(ReleaseBenchmark.FindSpec())!, "..", "..", "tests", "PrivacyShare.Benchmarks", "reference", "pseudonymize.py");
        var clock = Stopwatch.StartNew();
        try
        {
            using var process = Process.Start(new ProcessStartInfo("python3", [script, key, input, output]) { RedirectStandardError = true })!;
            _ = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? clock.Elapsed : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

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
            var python = Python(keyPath, input, Path.Combine(dir.FullName, "python.csv"));
            var versus = python is { } p ? $" | Python reference {p.TotalSeconds:F3} s: {p / clock.Elapsed:F1}x faster (target 6x)" : " | python3 not found: no reference";
            return new Measurement(rows, "rows", clock.Elapsed, $"{versus} | {result.Risk.Before.Classes:N0} risk classes | {GC.CollectionCount(0) - gen0} gen0 and {GC.CollectionCount(2) - gen2} gen2 collections, {(GC.GetTotalAllocatedBytes() - allocated) / 1048576} MiB allocated");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
