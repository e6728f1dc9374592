using PrivacyShare.Privacy;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Privacy;

/// <summary>
/// The samplers against their exact distributions, through the real CSPRNG path. Each statistical
/// test fails a correct sampler with probability below 1e-7 (chi-square p &lt; 1e-9, |z| &gt; 5.73).
/// The reference pmfs are computed here in double precision, independently of the library.
/// </summary>
public sealed class ConformanceTests
{
    private const int N = 200_000;

    private static Dictionary<long, long> Draw(NoiseMechanism noise, int n = N)
    {
        var counts = new Dictionary<long, long>();
        for (var i = 0; i < n; i++)
        {
            var x = noise.Sample();
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }

        return counts;
    }

    private static Func<long, double> LaplacePmf(double b)
    {
        var p = Math.Exp(-1 / b);
        return k => (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(k));
    }

    private static Func<long, double> GaussianPmf(double sigma)
    {
        double z = 0;
        for (var k = -(long)(40 * sigma) - 40; k <= (long)(40 * sigma) + 40; k++)
        {
            z += Math.Exp(-(double)k * k / (2 * sigma * sigma));
        }

        return k => Math.Exp(-(double)k * k / (2 * sigma * sigma)) / z;
    }

    // Releases sample fractional scales, B / (epsilon (1 - dropped share)): exact rationals whose
    // denominators the sampler must honour (1/3 puts most mass at 0; 10/3 and 5/4 are not decimals).
    public static TheoryData<string> Scales => ["1", "10", "5/4", "10/3", "1/3"];

    // The scales the example spec's release samples: its tables' and its dropped-records counts'.
    public static TheoryData<string> ExampleScales
    {
        get
        {
            var design = PrivacyShare.Releases.ReleaseSpec.Load(Specs.ExamplePath).Design;
            return [.. design.Tables.Select(t => t.Scale.ToString()).Concat(design.Dropped.Select(d => d.Scale.ToString())).Distinct()];
        }
    }

    [Theory]
    [MemberData(nameof(Scales))]
    [MemberData(nameof(ExampleScales))]
    public void DiscreteLaplace_PassesChiSquare(string b)
    {
        var scale = Rational.Parse(b);
        var counts = Draw(new DiscreteLaplace(scale));

        var (p, bins, chi) = Statistics.ChiSquareTest(counts, LaplacePmf(scale.ToDouble()), N);

        Assert.True(bins >= (scale < 1 ? 3 : 8), $"only {bins} bins");
        Assert.True(p > Statistics.MinPValue, $"chi-square {chi:F1} on {bins} bins, p = {p:E2}");
    }

    [Theory]
    [MemberData(nameof(Scales))]
    [MemberData(nameof(ExampleScales))]
    public void DiscreteGaussian_PassesChiSquare(string sigma)
    {
        var scale = Rational.Parse(sigma);
        var counts = Draw(new DiscreteGaussian(scale));

        var (p, bins, chi) = Statistics.ChiSquareTest(counts, GaussianPmf(scale.ToDouble()), N);

        Assert.True(bins >= (scale < 1 ? 3 : 7), $"only {bins} bins");
        Assert.True(p > Statistics.MinPValue, $"chi-square {chi:F1} on {bins} bins, p = {p:E2}");
    }

    [Theory]
    [InlineData("1/3", 0.36)]
    [InlineData("10/3", 3.6)]
    public void ChiSquare_DetectsAFractionalScaleRoundedOff(string b, double judgedAt)
    {
        // A sampler that rounded a fractional scale (1/3 to 0.36, 10/3 to 3.6) must fail the test.
        var counts = Draw(new DiscreteLaplace(Rational.Parse(b)));

        var (p, _, _) = Statistics.ChiSquareTest(counts, LaplacePmf(judgedAt), N);

        Assert.True(p < 1e-12, $"p = {p:E2}");
    }

    [Fact]
    public void ChiSquare_DetectsAWrongScale()
    {
        // The test must be able to fail: b = 1.1 samples judged against the b = 1 pmf.
        var counts = Draw(new DiscreteLaplace(Rational.Parse("1.1")));

        var (p, _, _) = Statistics.ChiSquareTest(counts, LaplacePmf(1), N);

        Assert.True(p < 1e-12, $"p = {p:E2}");
    }

    [Theory]
    [InlineData("discrete-laplace", "1")]
    [InlineData("discrete-laplace", "10")]
    [InlineData("discrete-gaussian", "1")]
    [InlineData("discrete-gaussian", "10")]
    public void Samples_AreSymmetric(string mechanism, string scale)
    {
        var counts = Draw(NoiseMechanism.Create(mechanism, Rational.Parse(scale)));

        var positive = counts.Where(kv => kv.Key > 0).Sum(kv => kv.Value);
        var negative = counts.Where(kv => kv.Key < 0).Sum(kv => kv.Value);

        Assert.InRange(Statistics.BinomialZ(positive, positive + negative, 0.5), -Statistics.ZBound, Statistics.ZBound);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void DiscreteLaplace_TailMatchesFormula(int m)
    {
        // P(|X| >= m) = 2 p^m / (1 + p), p = exp(-1/b), here b = 1.
        var counts = Draw(new DiscreteLaplace(Rational.One));
        var p = Math.Exp(-1.0);
        var expected = 2 * Math.Pow(p, m) / (1 + p);

        var observed = counts.Where(kv => Math.Abs(kv.Key) >= m).Sum(kv => kv.Value);

        Assert.InRange(Statistics.BinomialZ(observed, N, expected), -Statistics.ZBound, Statistics.ZBound);
    }

    [Fact]
    public void Samples_UseNoSeed_TwoRunsDiffer()
    {
        var noise = new DiscreteLaplace(new Rational(1000, 1));
        var a = Enumerable.Range(0, 50).Select(_ => noise.Sample()).ToArray();
        var b = Enumerable.Range(0, 50).Select(_ => noise.Sample()).ToArray();

        Assert.NotEqual(a, b);
    }
}
