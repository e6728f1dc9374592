using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>Outputs never replace what the user has, --force or not; a refused or failed run leaves nothing.</summary>
public sealed class NoClobberTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Extract()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "300", "--seed", "1", "--out", _dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        return _dir.File("in.csv");
    }

    [Theory]
    [InlineData("input")]
    [InlineData("key")]
    [InlineData("input through a symlink")]
    [InlineData("input through a hard link")]
    public void Pseudonymize_OutputThatIsAnInput_IsRefused_WithForceToo(string what)
    {
        var input = Extract();
        var before = (File.ReadAllBytes(input), File.ReadAllBytes(_dir.File("k.key")));
        var target = what switch
        {
            "key" => _dir.File("k.key"),
            "input through a symlink" => _dir.File("link.csv"),
            "input through a hard link" => _dir.File("hard.csv"),
            _ => input,
        };
        if (what == "input through a symlink")
        {
            File.CreateSymbolicLink(target, input);
        }
        else if (what == "input through a hard link")
        {
            Assert.Equal(0, Processes.Run("ln", null, input, target)!.Value.Code);
        }

        var run = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", target, "--force");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("is the same file as", run.Error);
        Assert.Equal(before.Item1, File.ReadAllBytes(input));
        Assert.Equal(before.Item2, File.ReadAllBytes(_dir.File("k.key")));
    }

    [Fact]
    public void TwoOutputsOfOneName_AreRefused_AndLeaveNothing()
    {
        var input = Extract();

        var pseudonymize = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", _dir.File("x.csv"), "--report", _dir.File("x.csv"));
        var synth = Support.Cli.Run("synth", "--rows", "100", "--seed", "1", "--out", _dir.File("st.csv"), "--truth", _dir.File("st.csv"));

        Assert.Equal(3, pseudonymize.ExitCode);
        Assert.Contains("--out and --report name the same file", pseudonymize.Error);
        Assert.Equal(3, synth.ExitCode);
        Assert.Contains("--out and --truth name the same file", synth.Error);
        Assert.False(File.Exists(_dir.File("x.csv")));
        Assert.False(File.Exists(_dir.File("st.csv")));
        Assert.Equal(["in.csv", "k.key"], _dir.Files().Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void FullDisk_IsExitFive_AndLeavesNothing_AndSpendsNothing()
    {
        // A real full disk: a 1 MiB tmpfs, where the machine lets this test mount one (root in a container).
        var mount = _dir.File("small");
        Directory.CreateDirectory(mount);
        // Mounting needs root in a container; elsewhere the test is skipped, visibly (not a tool CI installs).
        Skip.If(Processes.Run("mount", null, "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount) is not { Code: 0 }, "mounting a 1 MiB tmpfs is not allowed here");

        try
        {
            var synth = Support.Cli.Run("synth", "--rows", "50000", "--seed", "1", "--out", Path.Combine(mount, "big.csv"));

            var input = Extract();
            var ledger = _dir.File("l.db");
            Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "1", "--ledger", ledger).ExitCode);
            File.WriteAllBytes(Path.Combine(mount, "filler"), new byte[1_000_000]); // leave too little for a release
            var release = Support.Cli.Run("release", "--in", input, "--spec", Specs.ExamplePath, "--out", Path.Combine(mount, "rel"), "--ledger", ledger, "--unsigned");
            var show = Support.Cli.Run("budget", "show", "--ledger", ledger);

            Assert.Equal(5, synth.ExitCode);
            Assert.Contains("input/output failed", synth.Error);
            Assert.Equal(5, release.ExitCode);
            Assert.Contains("nothing was written and no budget was spent", release.Error);
            Assert.Equal(["filler"], Directory.GetFileSystemEntries(mount).Select(Path.GetFileName));
            Assert.Contains("spent 0,", show.Output);
        }
        finally
        {
            Processes.Run("umount", null, mount);
        }
    }
}
