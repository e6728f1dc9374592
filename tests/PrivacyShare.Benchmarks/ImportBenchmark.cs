using System.Diagnostics;
using PrivacyShare.Import;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `import`: a synthetic extract imported by the identity mapping (examples/mappings/canonical.json:
/// every cell read, held to the canonical rules and written again), beside `pseudonymize` of the same
/// file in the same run, the step a records unit runs next (issue #20 asks for the two side by side).
/// </summary>
internal static class ImportBenchmark
{
    public static Measurement Run(long rows)
    {
        var dir = Directory.CreateTempSubdirectory("ps-bench-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.csv");
            Synthesizer.Run(new SynthOptions { Rows = rows, Seed = 1, OutputPath = input });
            var mapping = ImportMapping.Load(Path.Combine(Path.GetDirectoryName(ReleaseBenchmark.FindSpec())!, "..", "mappings", "canonical.json"));

            var clock = Stopwatch.StartNew();
            var result = Importer.Run(new ImportOptions { InputPath = input, Mapping = mapping, OutputPath = Path.Combine(dir.FullName, "out.csv") });
            clock.Stop();
            if (!result.Written)
            {
                throw new InvalidOperationException("the synthetic extract did not import");
            }

            var keyPath = Path.Combine(dir.FullName, "k.key");
            PseudonymKey.Create(keyPath, default, encrypt: false, overwrite: false);
            using var key = PseudonymKey.Load(keyPath, (_, _) => throw new InvalidOperationException());
            var pseudonymize = Stopwatch.StartNew();
            _ = Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = Path.Combine(dir.FullName, "p.csv"), Key = key });
            pseudonymize.Stop();
            return new Measurement(rows, "rows", clock.Elapsed, $" | pseudonymize of the same file {pseudonymize.Elapsed.TotalSeconds:F3} s = {rows / pseudonymize.Elapsed.TotalSeconds:N0} rows/s");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
