using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// A row longer than the CSV reader's 16 MiB limit (one stray quote in a large extract) is a located
/// input error, never an internal error (../shared/repro/05: exit 70 from six commands).
/// </summary>
public sealed class LongRowTests(PrivacyShare.Tests.Releases.SignedReleases releases) : IDisposable, IClassFixture<PrivacyShare.Tests.Releases.SignedReleases>
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ARowOver16MiB_IsALocatedInputError_InEveryCommandThatReadsCsv()
    {
        CliRelease.Make(_dir, rows: 200);

        // A stray quote on line 3, then 17 MiB of text: the rest of the file is one field.
        var lines = File.ReadAllLines(_dir.File("in.csv")).ToList();
        lines[2] = "\"" + lines[2];
        lines.Add(new string('A', 17 << 20));
        File.WriteAllLines(_dir.File("long.csv"), lines);
        File.AppendAllText(_dir.File("rel/measurements.csv"), "\"" + new string('A', 17 << 20) + "\n");
        var signed = releases.Copy("r1");
        File.AppendAllText(Path.Combine(signed, "measurements.csv"), "\"" + new string('A', 17 << 20) + "\n");
        releases.Resign(signed); // the signature holds: only reading the CSV can find the row
        var pub = releases.Dir.File("key.pub");

        var runs = new Dictionary<string, (CliRun Run, int Expected)>
        {
            ["release"] = (Support.Cli.Run("release", "--in", _dir.File("long.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("r2"), "--ledger", _dir.File("l.db"), "--unsigned", "--quiet"), 2),
            ["pseudonymize"] = (Support.Cli.Run("pseudonymize", "--in", _dir.File("long.csv"), "--key", _dir.File("k.key"), "--out", _dir.File("p.csv")), 2),
            ["score"] = (Support.Cli.Run("score", _dir.File("rel"), "--truth", _dir.File("long.csv")), 2),
            ["query"] = (Support.Cli.Run("query", _dir.File("rel"), "--measure", "arrests"), 2),
            ["verify"] = (Support.Cli.Run("verify", signed, "--pubkey", pub), 4),
            ["verify-chain"] = (Support.Cli.Run("verify-chain", signed, "--pubkey", pub), 4),
        };

        foreach (var (command, (run, expected)) in runs)
        {
            Assert.True(run.ExitCode == expected, $"{command}: exit {run.ExitCode}, expected {expected}: {run.Error}{run.Output}");
        }

        Assert.Contains("long.csv:3: starts a row longer than 16 MiB", runs["release"].Run.Error);
        Assert.Contains("long.csv:3: starts a row longer than 16 MiB", runs["pseudonymize"].Run.Error);
        Assert.Contains("measurements.csv", runs["query"].Run.Error);
        Assert.Contains("longer than 16 MiB", runs["verify"].Run.Output + runs["verify"].Run.Error);
        Assert.False(Directory.Exists(_dir.File("r2")));
        Assert.False(File.Exists(_dir.File("p.csv")));
    }
}
