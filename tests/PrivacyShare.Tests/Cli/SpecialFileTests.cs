using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// Every file the tool reads goes through one regular-file, size-capped reader
/// (../shared/repro/10: --pubkey /dev/zero read until memory ran out; a FIFO as --pubkey or --spec hung).
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DevicesAndFifos_AsAnyInput_AreRefusedAtOnce()
    {
        Assert.Equal(0, Processes.Run("mkfifo", null, _dir.File("fifo"))?.Code);
        CliRelease.Make(_dir, rows: 100);

        foreach (var special in new[] { "/dev/zero", _dir.File("fifo") })
        {
            var cases = new Dictionary<string, string[]>
            {
                ["verify --pubkey"] = ["verify", _dir.File("rel"), "--pubkey", special],
                ["plan --spec"] = ["plan", "--spec", special],
                ["release --spec"] = ["release", "--in", _dir.File("in.csv"), "--spec", special, "--out", _dir.File("r2"), "--ledger", _dir.File("l.db"), "--unsigned"],
                ["release --in"] = ["release", "--in", special, "--spec", Specs.ExamplePath, "--out", _dir.File("r3"), "--ledger", _dir.File("l.db"), "--unsigned"],
                ["pseudonymize --in"] = ["pseudonymize", "--in", special, "--key", _dir.File("k.key"), "--out", _dir.File("p.csv")],
                ["pseudonymize --policy"] = ["pseudonymize", "--in", _dir.File("in.csv"), "--key", _dir.File("k.key"), "--policy", special, "--out", _dir.File("p.csv")],
                ["synth --profile"] = ["synth", "--rows", "10", "--seed", "1", "--profile", special, "--out", _dir.File("s.csv")],
            };
            foreach (var (what, args) in cases)
            {
                var run = Task.Run(() => Support.Cli.Run(args));
                var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
                Assert.True(finished == run, $"{what} {special}: still running after 20 s");
                var result = await run;
                Assert.True(result.ExitCode == 2, $"{what} {special}: exit {result.ExitCode}: {result.Error}");
                Assert.Contains("not a regular file", result.Error);
            }
        }

        Assert.Single(Directory.GetDirectories(_dir.Path)); // rel only
    }
}
