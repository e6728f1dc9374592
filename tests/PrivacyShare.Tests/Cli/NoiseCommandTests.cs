namespace PrivacyShare.Tests.Cli;

public sealed class NoiseCommandTests
{
    [Fact]
    public void Count_PrintsThatManyIntegers()
    {
        var run = Support.Cli.Run("noise", "--mechanism", "discrete-laplace", "--scale", "10", "--count", "1000");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        Assert.All(lines, l => long.Parse(l, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(lines.Distinct().Count() > 10);
    }

    [Fact]
    public void Accuracy_PrintsHalfWidthAndVariance()
    {
        var run = Support.Cli.Run("noise", "--mechanism", "discrete-gaussian", "--scale", "10", "--accuracy");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("half-width: 20", run.Output);
        Assert.Contains("variance: ", run.Output);
        Assert.Contains("rho (zCDP) per unit of L2 sensitivity: 0.005", run.Output);
    }

    [Fact]
    public void Accuracy_WithAlpha()
    {
        var run = Support.Cli.Run("noise", "--mechanism", "discrete-laplace", "--scale", "1", "--accuracy", "--alpha", "0.05");

        Assert.Contains("half-width: 3", run.Output);
        Assert.Contains("variance: 1.841347", run.Output);
    }

    [Theory]
    [InlineData("--scale", "abc", "'abc' is not an exact number")]
    [InlineData("--scale", "1e3", "'1e3' is not an exact number")]
    [InlineData("--scale", "0", "the scale must be greater than 0 (got 0)")]
    [InlineData("--scale", "-0.5", "greater than 0 (got -0.5)")]
    [InlineData("--mechanism", "laplace", "laplace")]
    public void BadParameter_IsAUsageError(string option, string value, string message)
    {
        string[] args = ["noise", "--mechanism", "discrete-laplace", "--scale", "1", "--count", "3"];
        var i = Array.IndexOf(args, option);
        args[i + 1] = value;

        var run = Support.Cli.Run(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.DoesNotMatch(@"(?m)^-?\d+$", run.Output); // no sample was drawn

    }

    [Fact]
    public void CountAndAccuracyTogether_OrNeither_IsAUsageError()
    {
        var both = Support.Cli.Run("noise", "--mechanism", "discrete-laplace", "--scale", "1", "--count", "3", "--accuracy");
        var neither = Support.Cli.Run("noise", "--mechanism", "discrete-laplace", "--scale", "1");

        Assert.Equal(1, both.ExitCode);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("either --count N", neither.Error);
    }

    [Fact]
    public void Help_OffersNoSeed()
    {
        var run = Support.Cli.Run("noise", "--help");

        Assert.DoesNotContain("--seed", run.Output, StringComparison.Ordinal);
        Assert.Contains("no seed", run.Output, StringComparison.Ordinal);
    }
}
