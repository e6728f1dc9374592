using System.Diagnostics;
using PrivacyShare.Benchmarks;

// The throughput harness: `dotnet run -c Release --project tests/PrivacyShare.Benchmarks -- CASE [N]`.
// Each case times a whole pipeline step on this machine and prints throughput and peak memory;
// run a case at two sizes to see that memory does not grow with the number of rows.
var cases = new Dictionary<string, Func<long, Measurement>>(StringComparer.Ordinal)
{
    ["synth"] = SynthBenchmark.Run,
    ["pseudonymize"] = PseudonymizeBenchmark.Run,
    ["import"] = ImportBenchmark.Run,
    ["noise"] = NoiseBenchmark.Run,
    ["release"] = ReleaseBenchmark.Run,
    ["hmac"] = PseudonymHasherBenchmark.Run,
    ["utility"] = UtilityBenchmark.Run,
    ["query"] = QueryBenchmark.Run,
    ["ledger"] = LedgerBenchmark.Run,
    ["calendar"] = CalendarBenchmark.Run,
};

// Cases that measure quality or a cold start, where a warm-up run would be the measurement itself or spoil it.
var unwarmed = new HashSet<string>(StringComparer.Ordinal) { "utility", "query", "ledger", "calendar" };

if (args.Length == 0 || !cases.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: PrivacyShare.Benchmarks CASE [N]   cases: {string.Join(", ", cases.Keys)}");
    return 1;
}

#if DEBUG
Console.Error.WriteLine("warning: Debug build; figures are only meaningful with -c Release");
#endif

var n = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
if (!unwarmed.Contains(args[0]))
{
    run(Math.Min(n, 10_000)); // warm-up: JIT, Bogus' locale data, file system caches
}

var m = run(n);
using var process = Process.GetCurrentProcess();
process.Refresh();
Console.WriteLine($"{args[0]}: {m.Items:N0} {m.Unit} in {m.Elapsed.TotalSeconds:F3} s = {m.Items / m.Elapsed.TotalSeconds:N0} {m.Unit}/s" +
    $" | peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB | {Environment.ProcessorCount} cores{m.Note}");
return 0;
