using PrivacyShare.Privacy;

namespace PrivacyShare.Tests.Privacy;

/// <summary>The known values from the noise issue, computed outside (closed forms and Python).</summary>
public sealed class AccuracyTests
{
    private static readonly Rational Alpha95 = Rational.Parse("0.05");

    [Fact]
    public void DiscreteLaplace_b1_KnownValues()
    {
        var noise = new DiscreteLaplace(Rational.One);

        Assert.Equal("0.462117", noise.Probability(0));
        Assert.Equal("0.170003", noise.Probability(1));
        Assert.Equal("0.170003", noise.Probability(-1));
        Assert.Equal("1.841347", noise.Variance());
        Assert.Equal(3, noise.HalfWidth(Alpha95));
    }

    [Fact]
    public void DiscreteLaplace_b10_KnownValues()
    {
        Assert.Equal("199.8334", new DiscreteLaplace(new Rational(10, 1)).Variance(4));
    }

    [Fact]
    public void DiscreteGaussian_Sigma1_KnownValues()
    {
        var noise = new DiscreteGaussian(Rational.One);

        Assert.Equal("0.398942", noise.Probability(0));
        Assert.Equal("0.241971", noise.Probability(1));
    }

    [Fact]
    public void DiscreteGaussian_Sigma10_HalfWidthIs20()
    {
        Assert.Equal(20, new DiscreteGaussian(new Rational(10, 1)).HalfWidth(Alpha95));
    }

    [Theory]
    [InlineData("1", "0.05")]
    [InlineData("2.5", "0.01")]
    [InlineData("10", "0.05")]
    [InlineData("0.3", "0.2")]
    public void DiscreteLaplace_HalfWidth_IsTheSmallestSatisfyingTheTailFormula(string b, string alpha)
    {
        var h = new DiscreteLaplace(Rational.Parse(b)).HalfWidth(Rational.Parse(alpha));

        // Checked in double precision against P(|X| > h) = 2 p^(h+1) / (1 + p).
        var p = Math.Exp(-1 / double.Parse(b, System.Globalization.CultureInfo.InvariantCulture));
        double Tail(long x) => 2 * Math.Pow(p, x + 1) / (1 + p);
        var a = double.Parse(alpha, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Tail(h) <= a);
        Assert.True(h == 0 || Tail(h - 1) > a);
    }

    [Fact]
    public void DiscreteGaussian_HalfWidth_AgreesWithSummedPmf()
    {
        foreach (var sigma in new[] { 1.0, 3.0, 10.0 })
        {
            var h = new DiscreteGaussian(Rational.Parse(sigma.ToString(System.Globalization.CultureInfo.InvariantCulture))).HalfWidth(Rational.Parse("0.05"));
            double Weight(long k) => Math.Exp(-(double)k * k / (2 * sigma * sigma));
            var z = Enumerable.Range(-2000, 4001).Sum(k => Weight(k));
            double Tail(long x) => 1 - Enumerable.Range((int)-x, (int)(2 * x + 1)).Sum(k => Weight(k)) / z;
            Assert.True(Tail(h) <= 0.05, $"sigma {sigma}: P(|X| > {h}) = {Tail(h)}");
            Assert.True(h == 0 || Tail(h - 1) > 0.05, $"sigma {sigma}: {h} is not the smallest");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-0.1")]
    public void HalfWidth_AlphaOutOfRange_IsRejected(string alpha)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteLaplace(Rational.One).HalfWidth(Rational.Parse(alpha)));

        Assert.Contains($"(got {alpha})", e.Message);
    }
}
