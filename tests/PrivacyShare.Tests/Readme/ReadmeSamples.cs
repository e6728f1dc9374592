using System.Text;
using System.Text.RegularExpressions;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Signing;
using PrivacyShare.Tests.Support;
using Xunit.Abstractions;

namespace PrivacyShare.Tests.Readme;

/// <summary>
/// The README's C# samples, compiled and run here; a test holds the README to this file, block by
/// block, so the documented code is the tested code (as Sep's README tests do).
/// </summary>
public sealed partial class ReadmeSamples(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // begin README: pseudonyms
    static void Pseudonyms(string keyFile, string extract)
    {
        // An unencrypted key asks for no passphrase; an encrypted one calls this with its purpose.
        using var key = PseudonymKey.Load(keyFile, (_, _) => []);
        Console.WriteLine(key.Pseudonym("booking_id", "08-00000001")); // 32 hex characters, as pseudonymize writes

        using var input = File.OpenRead(extract);
        using var pseudonymized = new MemoryStream();
        var result = Pseudonymizer.Run(input, pseudonymized, key, PseudonymPolicy.Default, minK: 5);
        Console.WriteLine($"{result.RecordsWritten} of {result.RecordsRead} records kept; {result.Linkage!.People} people");
    }
    // end README

    // begin README: plan
    static void Plan()
    {
        var spec = ReleaseSpec.Parse("""
            {
              "dataset": "boston-secure-communities", "title": "Removals", "publisher": "BPD",
              "period": { "from": "2008-10", "to": "2010-06" },
              "privacy": { "mechanism": "discrete-laplace", "max_records_per_person": 1, "epsilon": "1/2" },
              "domains": { "offense_level": ["1", "2", "3"] },
              "tables": [ { "name": "removals_by_level", "dimensions": ["offense_level"], "measures": ["removals"] } ]
            }
            """);
        foreach (var table in ReleasePlan.For(spec).Tables)
        {
            // Exact epsilon and noise scale; the 95% half-width of one published cell.
            Console.WriteLine($"{table.Name}: epsilon {table.Epsilon}, scale {table.Scale}, +/- {table.CellHalfWidths[0]}");
        }
    }
    // end README

    // begin README: verify
    static void Verify(string releaseFolder, string publicKeyFile)
    {
        // The signature, every file's hash, every table against its schema, and the accounting redone.
        var report = ReleaseVerifier.Verify(releaseFolder, SigningPublicKey.Load(publicKeyFile));
        Console.WriteLine(report.IsValid ? $"valid: release {report.Version} of {report.Dataset}" : string.Join("; ", report.Problems));
    }
    // end README

    // begin README: query
    static void Query(string releaseFolder)
    {
        var release = PublishedRelease.Load(releaseFolder);
        foreach (var row in release.Answer(ReleaseQuery.Total(Measure.Removals)).Rows)
        {
            Console.WriteLine($"removals: {row.Estimate} (95% interval {row.Lower} to {row.Upper})");
        }
    }
    // end README

    [Fact]
    public void TheReadmesCSharpBlocks_AreTheseSamples()
    {
        var source = File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "PrivacyShare.Tests", "Readme", "ReadmeSamples.cs"));
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var samples = Sample().Matches(source).ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["code"].Value), StringComparer.Ordinal);
        var blocks = Block().Matches(readme).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value, StringComparer.Ordinal);

        Assert.Equal(["plan", "pseudonyms", "query", "verify"], samples.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(samples.Keys.Order(StringComparer.Ordinal), blocks.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, code) in samples)
        {
            Assert.Equal(code, blocks[name]);
        }
    }

    [Fact]
    public void TheSamplesRun()
    {
        var extract = _dir.File("arrests.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 3_000, Seed = 2, OutputPath = extract });
        var keyFile = TestKeys.WriteVectorKey(_dir);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "1", "--ledger", _dir.File("l.db")).ExitCode);
        PrivacyShare.Signing.SigningKey.Create(_dir.File("sign"), default, encrypt: false, overwrite: false);
        Assert.Equal(0, Support.Cli.Run("release", "--in", extract, "--spec", Specs.ExamplePath, "--out", _dir.File("rel"), "--ledger", _dir.File("l.db"), "--signing-key", _dir.File("sign.key"), "--quiet").ExitCode);

        var printed = Capture(() =>
        {
            Pseudonyms(keyFile, extract);
            Plan();
            Verify(_dir.File("rel"), _dir.File("sign.pub"));
            Query(_dir.File("rel"));
        });

        output.WriteLine(printed);
        var lines = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The in-memory pseudonym is the one the pseudonymize command writes for that booking.
        Assert.Equal(0, Support.Cli.Run("pseudonymize", "--in", _dir.Write("one.csv", Extracts.Csv(Extracts.GoodRow)), "--key", keyFile, "--out", _dir.File("one-p.csv")).ExitCode);
        var written = File.ReadAllLines(_dir.File("one-p.csv"));
        Assert.Equal(written[1].Split(',')[Array.IndexOf(written[0].Split(','), "booking_id")], lines[0].Trim());

        Assert.Matches("^[0-9]+ of 3000 records kept; [0-9]+ people$", lines[1]);
        Assert.StartsWith("removals_by_level: epsilon 0.5, scale 2.5, +/- ", lines[2]); // 1/2 less the dropped share 0.2: scale 1 / 0.4
        Assert.Equal("valid: release 1 of boston-secure-communities", lines[3]);
        Assert.Matches("^removals: [0-9]+ \\(95% interval [0-9]+ to [0-9]+\\)", lines[4]);
    }

    private static string Capture(Action run)
    {
        var previous = Console.Out;
        var text = new StringWriter();
        lock (ConsoleLock)
        {
            Console.SetOut(text);
            try
            {
                run();
            }
            finally
            {
                Console.SetOut(previous);
            }
        }

        return text.ToString().Replace("\r", "", StringComparison.Ordinal);
    }

    private static readonly Lock ConsoleLock = new();

    private static string Dedent(string code)
    {
        var lines = code.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim('\n') + "\n";
    }

    [GeneratedRegex("// begin README: (?<name>[a-z]+)\\n(?<code>.*?)\\n[ ]*// end README", RegexOptions.Singleline)]
    private static partial Regex Sample();

    [GeneratedRegex("<!-- sample: (?<name>[a-z]+) -->\\n```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
