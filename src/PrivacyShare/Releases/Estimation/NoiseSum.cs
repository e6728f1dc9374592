using System.Numerics;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The 95% half-width of a linear combination Z = sum_k lambda_k S_k of the published noise, where S_k
/// is a sum of m_k independent discrete Laplace noises: the exact distribution, not a normal
/// approximation, computed conservatively. Post-processing of public parameters, so in doubles.
/// </summary>
/// <remarks>
/// Each S_k is integer-valued; its distribution is the inverse DFT of phi(u)^m with phi(u) =
/// (1 - p)^2 / (1 - 2p cos u + p^2), the discrete Laplace characteristic function (Inusah and
/// Kozubowski 2006, eq. 2.6). Z is then bounded above by Z+ = sum_k g ceil(lambda_k S_k / g) on a grid
/// of width g = sigma/512 (g = 1, and Z+ = Z, when every lambda is +-1), whose distribution is the
/// convolution of the K mapped distributions, done by FFT. Z is symmetric, so P(|Z| &gt; t) = 2 P(Z &gt; t)
/// &lt;= 2 P(Z+ &gt; t): the half-width returned is at most K g (under 0.2% of sigma per term) wider than
/// the exact one. Mass beyond 24 sigma, which the cyclic convolution would fold, is below 1e-15 (a
/// Laplace tail, the heaviest a sum of these has: P(X &gt; k sigma) = e^(-k sqrt 2) / 2).
/// </remarks>
internal static class NoiseSum
{
    private const double TailSigmas = 24;
    private const int GridPerSigma = 512;

    /// <summary>A published rational as a double, for post-processing.</summary>
    public static double ToDouble(PrivacyShare.Privacy.Rational r) => (double)r.Numerator / (double)r.Denominator;

    /// <summary>The variance of the discrete Laplace with scale b: 2p/(1 - p)^2, p = exp(-1/b).</summary>
    public static double Variance(double scale)
    {
        var p = Math.Exp(-1 / scale);
        return 2 * p / ((1 - p) * (1 - p));
    }

    /// <summary>The standard deviation of Z.</summary>
    public static double StandardDeviation(IEnumerable<NoiseTerm> terms) =>
        Math.Sqrt(terms.Sum(t => t.Lambda * t.Lambda * t.Count * Variance(t.Scale)));

    /// <summary>The smallest grid value h with P(|Z| &gt; h) &lt;= <paramref name="alpha"/>, conservatively.</summary>
    public static double HalfWidth(IReadOnlyList<NoiseTerm> terms, double alpha)
    {
        var merged = terms.Where(t => Math.Abs(t.Lambda) > 1e-12 && t.Count > 0)
            .GroupBy(t => (t.Scale, Lambda: Math.Round(t.Lambda, 12)))
            .Select(g => new NoiseTerm(g.Key.Lambda, g.Sum(t => t.Count), g.Key.Scale))
            .ToArray();
        if (merged.Length == 0)
        {
            return 0;
        }

        var sigma = StandardDeviation(merged);
        var integer = merged.All(t => Math.Abs(Math.Abs(t.Lambda) - 1) < 1e-9);
        var grid = integer ? 1 : sigma / GridPerSigma;
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * Math.Ceiling(TailSigmas * sigma / grid) + 2 * merged.Length + 16));
        var total = Enumerable.Repeat(Complex.One, length).ToArray();
        var mapped = new Complex[length];
        foreach (var term in merged)
        {
            Array.Clear(mapped);
            var (pmf, offset) = IntegerSum(term.Count, term.Scale);
            var lambda = integer ? Math.Round(term.Lambda) : term.Lambda;
            for (var i = 0; i < pmf.Length; i++)
            {
                if (pmf[i] <= 0)
                {
                    continue;
                }

                var k = integer ? (long)lambda * (i - offset) : (long)Math.Ceiling(lambda * (i - offset) / grid);
                mapped[(int)(((k % length) + length) % length)] += pmf[i];
            }

            Fft.Forward(mapped);
            for (var i = 0; i < length; i++)
            {
                total[i] *= mapped[i];
            }
        }

        Fft.Inverse(total);

        // P(Z+ > i g) for i = 0, 1, ...: the mass at grid points above i (indexes 1 .. length/2 - 1 are positive).
        var tail = 0.0;
        for (var i = length / 2 - 1; i >= 1; i--)
        {
            tail += Math.Max(0, total[i].Real);
        }

        for (var i = 0; i < length / 2 - 1; i++)
        {
            if (2 * tail <= alpha)
            {
                return i * grid;
            }

            tail -= Math.Max(0, total[i + 1].Real);
        }

        return TailSigmas * sigma;
    }

    /// <summary>
    /// The smallest integer h with P(X &gt; h) &lt;= <paramref name="alpha"/> for one discrete Laplace X of
    /// scale b: P(X &gt; h) = p^(h+1) / (1 + p).
    /// </summary>
    public static long OneSidedBound(double scale, double alpha)
    {
        var p = Math.Exp(-1 / scale);
        var h = (long)Math.Ceiling(Math.Log(alpha * (1 + p)) / Math.Log(p)) - 1;
        while (h > 0 && Math.Pow(p, h) / (1 + p) <= alpha)
        {
            h--; // guard against rounding up one too many
        }

        return Math.Max(0, h);
    }

    // The distribution of the sum of m discrete Laplace(b) noises on [-W, W]; W leaves less than 1e-16
    // outside, by the Chernoff bound at theta = 1/(2b): P(S > W) <= M(theta)^m exp(-theta W).
    private static (double[] Pmf, int Offset) IntegerSum(long m, double scale)
    {
        var p = Math.Exp(-1 / scale);
        var theta = 1 / (2 * scale);
        var mgf = (1 - p) * (1 - p) / ((1 - p * Math.Exp(theta)) * (1 - p * Math.Exp(-theta)));
        var w = (int)Math.Ceiling((m * Math.Log(mgf) + 37) / theta);
        var pmf = new double[2 * w + 1];
        if (m == 1)
        {
            for (var k = -w; k <= w; k++)
            {
                pmf[k + w] = (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(k));
            }

            return (pmf, w);
        }

        var length = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * w + 2));
        var phi = new Complex[length];
        for (var j = 0; j < length; j++)
        {
            var u = 2 * Math.PI * j / length;
            var single = (1 - p) * (1 - p) / (1 - 2 * p * Math.Cos(u) + p * p);
            phi[j] = Math.Exp(m * Math.Log(single));
        }

        Fft.Inverse(phi);
        for (var k = -w; k <= w; k++)
        {
            pmf[k + w] = Math.Max(0, phi[(k + length) % length].Real);
        }

        return (pmf, w);
    }
}
