using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>The smaller faults of the second round of attacks (issue #23, item 15), each held here.</summary>
public sealed class SmallFaultsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AKeygenInterruptedBetweenItsTwoFiles_IsCompleted_NotRefused()
    {
        var prefix = _dir.File("bpd");
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", prefix, "--unencrypted").ExitCode);
        var pub = File.ReadAllBytes(prefix + ".pub");
        var secret = File.ReadAllBytes(prefix + ".key");
        File.Delete(prefix + ".pub"); // as a kill after the secret key was written leaves it

        var again = Support.Cli.Run("keygen", "signing", "--out", prefix, "--unencrypted");
        var whole = Support.Cli.Run("keygen", "signing", "--out", prefix, "--unencrypted");

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("wrote " + prefix + ".pub from it", again.Output);
        Assert.Equal(pub, File.ReadAllBytes(prefix + ".pub"));
        Assert.Equal(secret, File.ReadAllBytes(prefix + ".key"));
        Assert.Equal(3, whole.ExitCode); // a whole pair is still never replaced without --force
    }

    [Fact]
    public void TruthAndRiskReports_Are0600_EvenUnderUmask000()
    {
        // A child process with umask 000: the files' modes must not depend on it.
        var dll = typeof(PrivacyShare.Cli.CliApp).Assembly.Location;
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        var script = $"umask 000 && dotnet '{dll}' synth --rows 200 --seed 1 --out '{_dir.File("s.csv")}' --truth '{_dir.File("t.json")}' && " +
            $"dotnet '{dll}' pseudonymize --in '{_dir.File("s.csv")}' --key '{_dir.File("k.key")}' --out '{_dir.File("p.csv")}' --report '{_dir.File("risk.json")}'";
        var run = Processes.Run("sh", null, "-c", script);

        Assert.True(run is { Code: 0 }, run?.Output);
        foreach (var file in new[] { "s.csv", "t.json", "p.csv", "risk.json" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File(file)));
        }
    }

    [Theory]
    [InlineData("--accuracy", "--delta", "2")]
    [InlineData("--accuracy", "--delta", "0")]
    [InlineData("--accuracy", "--alpha", "1")]
    [InlineData("--count", "3", "--delta", "0.1")]
    public void Noise_RefusesBadValues_BeforePrintingAnything(params string[] extra)
    {
        var run = Support.Cli.Run(["noise", "--mechanism", "discrete-gaussian", "--scale", "3", .. extra]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output.Split("Description:")[0].Trim());
        Assert.DoesNotContain("variance:", run.Output);
    }

    [Fact]
    public void AMissingOutputFolder_IsNotCalledAFullDisk()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "50", "--seed", "1", "--out", _dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);

        var run = Support.Cli.Run("pseudonymize", "--in", _dir.File("in.csv"), "--key", _dir.File("k.key"), "--out", _dir.File("nowhere/p.csv"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.NotEqual(70, run.ExitCode);
        Assert.DoesNotContain("disk", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ASpecWithATitleOfMegabytes_IsRefusedAtReading_BeforeAnySpend()
    {
        var spec = Specs.Write(_dir, j => j["title"] = new string('T', 2 << 20));

        var plan = Support.Cli.Run("plan", "--spec", spec);

        Assert.Equal(2, plan.ExitCode);
        Assert.Contains("is larger than 1,048,576 bytes", plan.Error);
    }
}
