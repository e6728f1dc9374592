using System.Numerics;
using PrivacyShare.Privacy;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Privacy;

public sealed class ExactSamplingTests
{
    private const int N = 200_000;

    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(7, 1)]
    public void BernoulliExp_HasProbabilityExpMinusX(long numerator, long denominator)
    {
        var random = new RandomSource();
        var successes = 0L;
        for (var i = 0; i < N; i++)
        {
            successes += ExactSampling.BernoulliExp(random, numerator, denominator) ? 1 : 0;
        }

        var p = Math.Exp(-(double)numerator / denominator);
        Assert.InRange(Statistics.BinomialZ(successes, N, p), -Statistics.ZBound, Statistics.ZBound);
    }

    [Fact]
    public void BernoulliExp_OfZero_IsAlwaysTrue()
    {
        var random = new RandomSource();
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(ExactSampling.BernoulliExp(random, 0, 5)));
    }

    [Fact]
    public void Bernoulli_IsExactForSmallFractions()
    {
        var random = new RandomSource();
        Assert.All(Enumerable.Range(0, 1000), _ =>
        {
            Assert.False(ExactSampling.Bernoulli(random, 0, 7));
            Assert.True(ExactSampling.Bernoulli(random, 7, 7));
        });
    }

    [Fact]
    public void Below_IsUniform()
    {
        var random = new RandomSource();
        var counts = new Dictionary<long, long>();
        for (var i = 0; i < N; i++)
        {
            var x = (long)random.Below(6UL);
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }

        var (p, bins, _) = Statistics.ChiSquareTest(counts, k => k is >= 0 and < 6 ? 1 / 6.0 : 0, N);
        Assert.Equal(6, bins);
        Assert.True(p > Statistics.MinPValue, $"p = {p:E2}");
    }

    [Fact]
    public void Below_BigBound_StaysInRange()
    {
        var random = new RandomSource();
        var bound = BigInteger.Pow(10, 30) + 7;
        Assert.All(Enumerable.Range(0, 2000), _ => Assert.InRange(random.Below(bound), BigInteger.Zero, bound - 1));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(99, 9)]
    [InlineData(100, 10)]
    [InlineData(101, 10)]
    public void IntegerSqrt_IsFloorOfSqrt(long n, long expected)
    {
        Assert.Equal(expected, (long)ExactSampling.IntegerSqrt(n));
    }
}
