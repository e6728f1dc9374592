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

        // Closed forms for p = e^-1: P(0) = (1-p)/(1+p), P(k) = P(0) p^|k|, Var = 2p/(1-p)^2.
        var p = Math.Exp(-1);
        Assert.Equal((1 - p) / (1 + p), noise.Probability(0), 12);
        Assert.Equal((1 - p) / (1 + p) * p, noise.Probability(1), 12);
        Assert.Equal(noise.Probability(1), noise.Probability(-1));
        Assert.Equal(2 * p / ((1 - p) * (1 - p)), noise.Variance(), 12);
        Assert.Equal(3, noise.HalfWidth(Alpha95));
    }

    [Fact]
    public void DiscreteLaplace_b10_KnownValues()
    {
        var p = Math.Exp(-0.1);
        Assert.Equal(2 * p / ((1 - p) * (1 - p)), new DiscreteLaplace(new Rational(10, 1)).Variance(), 9);
    }

    [Fact]
    public void DiscreteGaussian_Sigma1_KnownValues()
    {
        var noise = new DiscreteGaussian(Rational.One);

        // The normalizing sum, in doubles: its terms vanish below 1e-300 long before |k| = 40.
        var total = Enumerable.Range(-40, 81).Sum(k => Math.Exp(-k * k / 2.0));
        Assert.Equal(1 / total, noise.Probability(0), 12);
        Assert.Equal(Math.Exp(-0.5) / total, noise.Probability(1), 12);
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
