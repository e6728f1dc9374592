using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// Progress on stderr: shown on a terminal for runs over a second, never when stderr is a file or pipe,
/// never with --quiet. The terminal is a real pseudo-terminal from util-linux's script(1).
/// </summary>
public sealed class ProgressTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "PrivacyShare.Cli.dll");

    private (int Code, string Output)? InTerminal(string arguments) =>
        Processes.Run("script", null, "-qec", $"dotnet {Cli} {arguments}", "/dev/null");

    [SkippableFact]
    public void Synth_OnATerminal_ShowsStageRowsAndRate_ThenClearsIt()
    {
        var run = InTerminal($"synth --rows 1500000 --seed 1 --out {_dir.File("a.csv")}");
        Tools.Require(run is not null, "script(1), for the terminal test");

        Assert.Equal(0, run.Value.Code);
        Assert.Matches(@"generating: [\d,]+ rows, [\d,]+ rows/s", run.Value.Output);
        Assert.Contains("wrote ", run.Value.Output);
    }

    [Fact]
    public void Synth_Quiet_OrNotATerminal_PrintsNoProgress()
    {
        var quiet = InTerminal($"synth --rows 1500000 --seed 1 --out {_dir.File("q.csv")} --quiet");
        var piped = Support.Cli.Run("synth", "--rows", "1500000", "--seed", "1", "--out", _dir.File("p.csv"));

        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("", piped.Error);
        if (quiet is not null)
        {
            Assert.Equal(0, quiet.Value.Code);
            Assert.DoesNotContain("rows/s", quiet.Value.Output);
        }
    }
}
