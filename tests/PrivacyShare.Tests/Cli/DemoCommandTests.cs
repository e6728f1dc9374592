using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Demo_RunsThePipelineAndNamesEveryArtefact()
    {
        var folder = Path.Combine(_dir.Path, "demo");

        var run = Support.Cli.Run("demo", "--dir", folder, "--rows", "3000");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"PrivacyShare demo in {folder}", run.Output);
        foreach (var line in run.Output.Split('\n').Where(l => l.TrimStart().StartsWith("->")))
        {
            var artefact = line.Trim()[2..].Trim();
            Assert.True(File.Exists(artefact) || Directory.Exists(artefact), line);
        }

        Assert.Contains("synth --rows 3000", run.Output);
        Assert.Contains("privacyshare plan --spec", run.Output);
        Assert.Contains("Removals, October 2008 to June 2010: ", run.Output);
        Assert.Contains("synthetic truth", run.Output);

        // The six-month calendar after the one-shot release: one person-level budget for all six.
        Assert.Contains("Six monthly releases of boston-monthly", run.Output);
        Assert.Contains("Budget: spent 1 of 1 in all, not six times 1", run.Output);
        Assert.Contains("verify-chain over the six: valid", run.Output);
        Assert.True(Directory.Exists(Path.Combine(folder, "calendar-2009-06")));

        // The last lines point to the report, which exists.
        var last = run.Output.TrimEnd().Split('\n').TakeLast(3).ToArray();
        Assert.StartsWith("Open the release's report in a browser", last[0]);
        Assert.Equal(Path.Combine(folder, "release-1", "report.html"), last[1].Trim());
        Assert.True(File.Exists(last[1].Trim()));
    }

    [Fact]
    public void Demo_NonEmptyFolder_IsRefused()
    {
        _dir.Write("keep.txt", "mine");

        var run = Support.Cli.Run("demo", "--dir", _dir.Path);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("is not empty", run.Error);
        Assert.Equal(["keep.txt"], _dir.Files());
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        var run = Support.Cli.Run("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("synth", run.Output);
        Assert.Contains("demo", run.Output);
    }
}
