using PrivacyShare.Privacy;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>
/// The FFT half-width of weighted sums of discrete Laplace noise against the exact rational half-width
/// (one term) and against direct enumeration of the joint distribution (two and three terms).
/// </summary>
public sealed class NoiseSumTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("10/3")]
    [InlineData("25")]
    public void OneNoise_GivesTheExactHalfWidth(string scale)
    {
        var b = Rational.Parse(scale);
        var exact = new DiscreteLaplace(b).HalfWidth(new Rational(4, 100));
        Assert.Equal(exact, NoiseSum.HalfWidth([new NoiseTerm(1, 1, (double)b.Numerator / (double)b.Denominator)], 0.04));
    }

    [Theory]
    [InlineData(1.0, 1.0, 2.0, 2.0)]    // integer weights: exact
    [InlineData(0.5, 1.0, 2.0, 2.0)]
    [InlineData(0.3, -0.8, 1.5, 4.0)]
    [InlineData(1.0, 0.05, 3.0, 30.0)]
    public void TwoNoises_AreCoveredAndNotMuchWider(double lambda1, double lambda2, double b1, double b2)
    {
        var h = NoiseSum.HalfWidth([new NoiseTerm(lambda1, 1, b1), new NoiseTerm(lambda2, 1, b2)], 0.05);
        var (tail, exactHalfWidth) = Enumerate(lambda1, lambda2, b1, b2, h, 0.05);

        Assert.True(tail(h) <= 0.05, $"P(|Z| > {h}) = {tail(h)}, above 0.05");
        var sigma = NoiseSum.StandardDeviation([new NoiseTerm(lambda1, 1, b1), new NoiseTerm(lambda2, 1, b2)]);
        Assert.InRange(h, exactHalfWidth, exactHalfWidth + 0.01 * sigma);
    }

    [Theory]
    [InlineData(0.04, 0.97, 2, 3.0, 0.12, 3, 2.0, -0.05, 1, 6.0)]   // one noise dominates, as in most published cells
    [InlineData(0.04, 0.5, 1, 2.5, 0.45, 2, 2.0, -0.4, 1, 3.0)]     // no term dominates
    [InlineData(1e-4, 0.97, 2, 3.0, 0.12, 3, 2.0, -0.05, 1, 6.0)]   // far in the tail
    [InlineData(0.04, -0.8, 1, 4.0, 1.0, 1, 0.6, 0.3, 3, 1.5)]      // a lead of negative weight, a noise of scale below 1
    public void ThreeNoises_GetTheHalfWidthOfTheGridSum_ByDirectConvolution(double alpha, double l1, long m1, double b1, double l2, long m2, double b2, double l3, long m3, double b3)
    {
        // The method's own quantity, computed the slow way: Z+ = sum_k g ceil(lambda_k S_k / g) on the grid
        // g = sigma/512, its distribution by direct convolution of the three mapped distributions (each
        // S_k by repeated convolution of the closed-form pmf), and the smallest grid value h with
        // 2 (P(Z+ > h) + 1e-12) <= alpha. The computation under test splits Z+ into its largest term's
        // points and a transform of the rest; the two must agree.
        NoiseTerm[] terms = [new(l1, m1, b1), new(l2, m2, b2), new(l3, m3, b3)];
        var grid = NoiseSum.StandardDeviation(terms) / 512;
        var sum = new Dictionary<long, double> { [0] = 1 };
        foreach (var term in terms)
        {
            var one = Pmf(term.Scale, 400).Where(x => x.P > 1e-20).ToDictionary(x => x.X, x => x.P);
            var s = one;
            for (var r = 1; r < term.Count; r++)
            {
                s = Convolve(s, one);
            }

            var mapped = new Dictionary<long, double>();
            foreach (var (x, p) in s)
            {
                var k = (long)Math.Ceiling(term.Lambda * x / grid);
                mapped[k] = mapped.GetValueOrDefault(k) + p;
            }

            sum = Convolve(sum, mapped);
        }

        // Going down Z+'s support k_0 > k_1 > ...: P(Z+ > t) is the mass of k_0 .. k_(i-1) for t from k_i
        // up to k_(i-1) - 1, so k_i (or 0) is the smallest t there, if that mass qualifies.
        var points = sum.OrderByDescending(kv => kv.Key).ToArray();
        var tail = 0.0;
        var expected = double.NaN;
        foreach (var (k, p) in points)
        {
            if (2 * (tail + 1e-12) > alpha)
            {
                break;
            }

            expected = Math.Max(k, 0) * grid;
            if (k <= 0)
            {
                break;
            }

            tail += p;
        }

        Assert.Equal(expected, NoiseSum.HalfWidth(terms, alpha), 9);
        Assert.Equal(expected, NoiseSum.HalfWidth([.. terms.Reverse()], alpha), 9);
    }

    [Fact]
    public void NoisesOfScaleBelowOne_AreNotFoldedAway()
    {
        // At scale 0.1 a noise is 0 but for 9e-5 of its mass, at +-1: about 100 of its standard
        // deviations away. A cycle of a fixed 24 sigma folded that mass onto the grid near 0 (0.3 became
        // about 0.05 and 0.5 about 0.15), and the half-width came out a sixth of the exact one, whose tail
        // is twice alpha. The cycle must reach as far as the mass does.
        const double alpha = 1e-4;
        var h = NoiseSum.HalfWidth([new NoiseTerm(0.5, 1, 0.1), new NoiseTerm(-0.3, 1, 0.1)], alpha);
        var (tail, exactHalfWidth) = Enumerate(0.5, -0.3, 0.1, 0.1, h, alpha);

        Assert.True(tail(h) <= alpha, $"P(|Z| > {h}) = {tail(h)}, above {alpha}");
        var sigma = NoiseSum.StandardDeviation([new NoiseTerm(0.5, 1, 0.1), new NoiseTerm(-0.3, 1, 0.1)]);
        Assert.InRange(h, exactHalfWidth, exactHalfWidth + 0.01 * sigma);
    }

    [Fact]
    public void NoisesOfScaleFarBelowOne_GetTheChernoffBound_NotACycleBeyondTheLimit()
    {
        // Scales 0.02 and 0.05 (epsilon 50 and 20 at sensitivity 1): sigma is about 1e-11 and 1e-4, and
        // the Chernoff reach, about 0.5, is billions of grid steps of sigma/512. The cycle it asks for
        // passes the exact computation's length: the (wider) Chernoff half-width is the answer.
        NoiseTerm[] terms = [new NoiseTerm(0.5, 1, 0.02), new NoiseTerm(-0.3, 2, 0.05)];

        var h = NoiseSum.HalfWidth(terms, 0.04);

        Assert.Equal(NoiseSum.ChernoffHalfWidth(terms, 0.04), h);
        Assert.InRange(h, 0, 1);

        // One noise there gets its exact closed form, as past every other limit.
        Assert.Equal(0.5 * NoiseSum.OneSidedBound(0.02, 0.02), NoiseSum.HalfWidth([new NoiseTerm(0.5, 1, 0.02)], 0.04));
    }

    [Fact]
    public void AnAlphaBelowWhatTheCycleResolves_GetsTheChernoffBound()
    {
        // The cycle leaves up to 1e-12 of mass on each side unread: below alpha = 2e-12 no grid value is
        // known to qualify, and the bound that holds at any alpha stands in.
        NoiseTerm[] terms = [new NoiseTerm(0.5, 3, 4.0), new NoiseTerm(-0.3, 2, 9.0)];

        Assert.Equal(NoiseSum.ChernoffHalfWidth(terms, 1e-13), NoiseSum.HalfWidth(terms, 1e-13));
        Assert.True(NoiseSum.HalfWidth(terms, 0.04) < NoiseSum.ChernoffHalfWidth(terms, 0.04));
    }

    [Theory]
    [InlineData(1.0, 1, 25.0)]
    [InlineData(0.3, 40, 12.0)]
    [InlineData(-0.8, 3, 4.0)]
    public void TheChernoffHalfWidth_IsNeverNarrowerThanTheExactOne_NorMuchWider(double lambda, long count, double scale)
    {
        NoiseTerm[] terms = [new NoiseTerm(lambda, count, scale), new NoiseTerm(0.5, 2, 3.0)];
        var exact = NoiseSum.HalfWidth(terms, 0.04);
        var chernoff = NoiseSum.ChernoffHalfWidth(terms, 0.04);

        Assert.InRange(chernoff, exact, 2.0 * exact);
    }

    [Theory]
    [InlineData("7500000")]     // epsilon 1e-6 at bound 6 (../shared/repro/04)
    [InlineData("12500")]       // bound 1000 at epsilon 0.08
    [InlineData("600000000")]
    public void HugeScales_TakeNeitherMemoryNorTime_AndStayAboveTheExactHalfWidth(string scale)
    {
        // One noise: the exact half-width is closed form, P(|X| > h) = 2 p^(h+1) / (1 + p). Many cells of
        // it: the bound must still come in constant memory.
        var b = double.Parse(scale, System.Globalization.CultureInfo.InvariantCulture);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var one = NoiseSum.HalfWidth([new NoiseTerm(1, 1, b)], 0.04);
        var many = NoiseSum.HalfWidth([new NoiseTerm(0.7, 72_072, b), new NoiseTerm(-0.2, 5, b / 3)], 0.04);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var exact = new DiscreteLaplace(Rational.Parse(scale)).HalfWidth(new Rational(4, 100));
        Assert.InRange(one, exact, 1.2 * exact);
        Assert.True(many >= 2.05 * NoiseSum.StandardDeviation([new NoiseTerm(0.7, 72_072, b), new NoiseTerm(-0.2, 5, b / 3)]), "below the normal quantile");
        Assert.True(allocated < 64L << 20, $"{allocated:N0} bytes allocated");
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"{elapsed}"); // the exact computation took minutes here; 10 s leaves room for a loaded machine
    }

    [Fact]
    public void SumOfManyEqualNoises_UsesTheIntegerDistribution()
    {
        // 30 noises of scale 2, weight 1: exact integer distribution by repeated convolution.
        var pmf = Pmf(2.0, 400).ToDictionary(x => x.X, x => x.P);
        var sum = new Dictionary<long, double> { [0] = 1 };
        for (var i = 0; i < 30; i++)
        {
            sum = Convolve(sum, pmf, 1e-18);
        }

        double Tail(long h) => sum.Where(kv => Math.Abs(kv.Key) > h).Sum(kv => kv.Value);
        var expected = 0L;
        while (Tail(expected) > 0.04)
        {
            expected++;
        }

        Assert.Equal(expected, NoiseSum.HalfWidth([new NoiseTerm(1, 30, 2.0)], 0.04), 6);
    }

    [Theory]
    [InlineData(1, 115.3)]
    [InlineData(2, 2.0)]
    [InlineData(3, 22.2)]
    [InlineData(5, 0.7)]
    [InlineData(4, 57.65)]
    [InlineData(2, 300.0)]
    public void TheDistributionOfASum_IsTheRepeatedConvolutionOfOneNoise(long m, double b)
    {
        // The recurrence against the definition: m - 1 direct convolutions of the closed-form pmf,
        // on a support three times as wide so that nothing is cut off where it is compared.
        var (pmf, w) = NoiseSum.ComputeIntegerSum(m, b);
        var wide = 3 * w;
        var one = Pmf(b, wide).Select(x => x.P).ToArray();
        var sum = (double[])one.Clone();
        for (var r = 1; r < m; r++)
        {
            var next = new double[one.Length];
            for (var i = 0; i < sum.Length; i++)
            {
                for (var j = Math.Max(0, wide - i); j < one.Length && i + j - wide < next.Length; j++)
                {
                    next[i + j - wide] += sum[i] * one[j];
                }
            }

            sum = next;
        }

        // The half pmf[n] = P(S = n) = P(S = -n), n = 0 .. W.
        Assert.Equal(w + 1, pmf.Length);
        Assert.Equal(1.0, pmf[0] + (2 * pmf.Skip(1).Sum()), 12);

        // The support leaves at most e^-37 a side beyond W, as its Chernoff bound promises.
        var beyond = Enumerable.Range(0, sum.Length).Where(i => Math.Abs(i - wide) > w).Sum(i => sum[i]);
        Assert.True(beyond <= 2 * Math.Exp(-37), $"P(|S| > {w}) is {beyond:R}, above 2 e^-37");
        for (var k = -w; k <= w; k++)
        {
            var (got, expected) = (pmf[Math.Abs(k)], sum[k + wide]);
            Assert.True(Math.Abs(got - expected) <= 1e-15 + (1e-9 * expected), $"P(S = {k}) is {got:R}, by convolution {expected:R}");
        }
    }
    [Theory]
    [InlineData(0.013, 0.2, 64)]     // runs of about 15, the cycle far shorter than the support: cells fold
    [InlineData(-0.0371, 0.5, 4096)] // a negative weight: cells fall as s rises
    [InlineData(0.33, 1.0, 256)]     // runs of 3, the shortest taken by runs
    [InlineData(-0.97, 1.0, 1024)]   // runs of 1: one by one
    [InlineData(1e-5, 0.25, 32)]     // one run longer than the support
    public void MappingByRuns_IsTheOneByOneMappingBitForBit(double lambda, double grid, int cycle)
    {
        // The reference: every probability added to its cell one at a time, in increasing s.
        var (pmf, w) = NoiseSum.ComputeIntegerSum(3, 40);
        pmf[w] = 0; // a zero is skipped, as it is one by one
        var expected = new double[cycle];
        for (var s = -w; s <= w; s++)
        {
            if (pmf[Math.Abs(s)] > 0)
            {
                expected[(int)((long)Math.Ceiling(lambda * s / grid) & (cycle - 1))] += pmf[Math.Abs(s)];
            }
        }

        var mapped = new double[cycle];
        NoiseSum.Map(pmf, lambda, integer: false, grid, mapped);
        for (var i = 0; i < cycle; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(mapped[i]), $"cell {i}: {mapped[i]:R} where one by one gives {expected[i]:R}");
        }
    }

    [Fact]
    public void OneSidedBound_IsTheSmallestWithTailAtMostAlpha()
    {
        foreach (var (b, alpha) in new[] { (1.0, 0.01), (3.3, 0.005), (40.0, 0.0025) })
        {
            var p = Math.Exp(-1 / b);
            var h = NoiseSum.OneSidedBound(b, alpha);
            Assert.True(Math.Pow(p, h + 1) / (1 + p) <= alpha);
            Assert.True(h == 0 || Math.Pow(p, h) / (1 + p) > alpha);
        }
    }

    // The distribution of the sum of two independent integer variables; products of at most floor are left out.
    private static Dictionary<long, double> Convolve(Dictionary<long, double> a, Dictionary<long, double> b, double floor = 0)
    {
        var c = new Dictionary<long, double>();
        foreach (var (x, p) in a)
        {
            foreach (var (y, q) in b)
            {
                if (p * q > floor)
                {
                    c[x + y] = c.GetValueOrDefault(x + y) + p * q;
                }
            }
        }

        return c;
    }

    private static List<(long X, double P)> Pmf(double b, int w)
    {
        var p = Math.Exp(-1 / b);
        return [.. Enumerable.Range(-w, 2 * w + 1).Select(k => ((long)k, (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(k))))];
    }

    // P(|lambda1 X1 + lambda2 X2| > t) by enumerating both noises, and the smallest support point t with tail <= alpha.
    private static (Func<double, double> Tail, double HalfWidth) Enumerate(double l1, double l2, double b1, double b2, double around, double alpha)
    {
        var points = new List<(double Z, double P)>();
        foreach (var (x1, p1) in Pmf(b1, 300))
        {
            foreach (var (x2, p2) in Pmf(b2, 600))
            {
                if (p1 * p2 > 1e-16)
                {
                    points.Add((Math.Abs(l1 * x1 + l2 * x2), p1 * p2));
                }
            }
        }

        points.Sort((a, b) => a.Z.CompareTo(b.Z));
        double Tail(double t) => points.Where(x => x.Z > t + 1e-9).Sum(x => x.P);
        var above = points.Sum(x => x.P);
        foreach (var (z, p) in points)
        {
            above -= p;
            if (above <= alpha)
            {
                return (Tail, z);
            }
        }

        return (Tail, around);
    }
}
