using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class SynthCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Synth_WritesFileAndSummary()
    {
        var run = Support.Cli.Run("synth", "--rows", "1000", "--seed", "1", "--out", _dir.File("a.csv"), "--truth", _dir.File("t.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1,000 synthetic arrests, profile boston-2008", run.Output);
        Assert.True(File.Exists(_dir.File("a.csv")));
        Assert.True(File.Exists(_dir.File("t.json")));
    }

    [Fact]
    public void Synth_TwiceWithSameSeed_GivesIdenticalFiles_FromTheCommandLine()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "20000", "--seed", "1", "--out", _dir.File("a.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "20000", "--seed", "1", "--out", _dir.File("b.csv")).ExitCode);

        Assert.Equal(File.ReadAllBytes(_dir.File("a.csv")), File.ReadAllBytes(_dir.File("b.csv")));
    }

    [Fact]
    public void Synth_ExistingOutput_IsRefusedAndKept_UnlessForced()
    {
        var path = _dir.Write("a.csv", "precious");

        var refused = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--out", path);

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("already exists", refused.Error);
        Assert.Equal("precious", File.ReadAllText(path));

        var forced = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--out", path, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("booking_id,", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("0", "1", "--rows must be a whole number from 1 to 1,000,000,000 (got '0')")]
    [InlineData("abc", "1", "abc")]
    [InlineData("10", "x", "x")]
    public void Synth_BadNumber_ExitsWithUsageErrorAndNoFile(string rows, string seed, string message)
    {
        var run = Support.Cli.Run("synth", "--rows", rows, "--seed", seed, "--out", _dir.File("a.csv"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Empty(_dir.Files());
    }

    [Theory]
    [InlineData("--from", "2008-13", "'2008-13' is not a month")]
    [InlineData("--to", "June", "'June' is not a month")]
    public void Synth_BadOption_ExitsWithUsageErrorAndNoFile(string option, string value, string message)
    {
        var run = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--out", _dir.File("a.csv"), option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Synth_PeriodBackwards_IsAUsageError()
    {
        var run = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--out", _dir.File("a.csv"), "--from", "2010-01", "--to", "2009-01");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ends (2009-01) before it starts (2010-01)", run.Error);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Synth_MissingProfile_IsAnInputError()
    {
        var run = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--out", _dir.File("a.csv"), "--profile", _dir.File("p.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such profile file", run.Error);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Synth_OutputFolderMissing_IsAnInputError()
    {
        var run = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--out", _dir.File("no/a.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
    }

    [Fact]
    public void Synth_MissingRequiredOption_IsAUsageError()
    {
        var run = Support.Cli.Run("synth", "--rows", "10", "--out", _dir.File("a.csv"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--seed", run.Error);
    }
}
