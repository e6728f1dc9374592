using PrivacyShare.Privacy;

namespace PrivacyShare.Tests.Privacy;

public sealed class PrivacyAccountingTests
{
    [Fact]
    public void LaplaceScale_IsSensitivityOverEpsilon()
    {
        Assert.Equal(Rational.Parse("8"), PrivacyAccounting.LaplaceScale(4, Rational.Parse("0.5")));
    }

    [Fact]
    public void GaussianRho_IsDelta2SquaredOverTwoSigmaSquared()
    {
        Assert.Equal(Rational.Parse("0.02"), PrivacyAccounting.GaussianRho(2, 10));
    }

    [Fact]
    public void Compose_AddsExactly()
    {
        Assert.Equal(Rational.Parse("1"), PrivacyAccounting.Compose(Enumerable.Repeat(Rational.Parse("0.1"), 10)));
    }

    [Theory]
    [InlineData("0.5", 1e-6)]
    [InlineData("0.005", 1e-6)]
    [InlineData("0.1", 1e-9)]
    public void ZcdpToEpsilon_MatchesAnIndependentGridSearch_AndBeatsTheClassicBound(string rhoText, double delta)
    {
        var rho = double.Parse(rhoText, System.Globalization.CultureInfo.InvariantCulture);
        double EpsilonAt(double a) => a * rho + (a * Math.Log(1 - 1 / a) - Math.Log(a - 1) - Math.Log(delta)) / (a - 1);
        var grid = Enumerable.Range(1, 200_000).Select(i => 1 + i * 0.001).Min(EpsilonAt);
        var classic = rho + 2 * Math.Sqrt(rho * Math.Log(1 / delta));

        var epsilon = PrivacyAccounting.ZcdpToEpsilon(Rational.Parse(rhoText), delta);

        Assert.InRange(epsilon, Math.Min(grid, classic) - 1e-9, Math.Min(grid, classic) + 2e-6);
        Assert.True(epsilon <= classic + 1e-6);
    }

    [Theory]
    [InlineData("0", "the scale must be greater than 0 (got 0)")]
    [InlineData("-0.5", "the scale must be greater than 0 (got -0.5)")]
    [InlineData("2000000000", "must be at most 1000000000")]
    [InlineData("0.0000000000000000001", "more than 18 decimal places")]
    public void Mechanism_RejectsAbsurdScales(string scale, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteLaplace(Rational.Parse(scale)));

        Assert.Contains(message, e.Message);
    }
}
