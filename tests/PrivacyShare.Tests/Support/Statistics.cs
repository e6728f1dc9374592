namespace PrivacyShare.Tests.Support;

/// <summary>
/// The test suite's own statistics (Numerical Recipes, 3rd ed., section 6.2), independent of the code
/// under test. Thresholds: a correct sampler fails a test with probability below 1e-7 by design.
/// </summary>
public static class Statistics
{
    /// <summary>|z| above this has two-sided normal probability below 1e-8.</summary>
    public const double ZBound = 5.73;

    /// <summary>A chi-square p-value below this fails the test; far below 1e-6 to leave room for the approximation.</summary>
    public const double MinPValue = 1e-9;

    /// <summary>
    /// Pearson's chi-square of <paramref name="counts"/> against <paramref name="pmf"/> over the
    /// integers: bins with expected count at least 5, both tails pooled. Returns the p-value.
    /// </summary>
    public static (double PValue, int Bins, double ChiSquare) ChiSquareTest(IReadOnlyDictionary<long, long> counts, Func<long, double> pmf, long n)
    {
        // Central bins: the contiguous range around 0 whose expected counts are at least 5.
        long lo = 0, hi = 0;
        while (pmf(lo - 1) * n >= 5)
        {
            lo--;
        }

        while (pmf(hi + 1) * n >= 5)
        {
            hi++;
        }

        double chi = 0;
        double inside = 0;
        long observedInside = 0;
        for (var k = lo; k <= hi; k++)
        {
            var expected = pmf(k) * n;
            var observed = counts.GetValueOrDefault(k);
            chi += (observed - expected) * (observed - expected) / expected;
            inside += pmf(k);
            observedInside += observed;
        }

        var bins = (int)(hi - lo + 1);
        var tailExpected = (1 - inside) * n;
        if (tailExpected >= 5)
        {
            var tailObserved = n - observedInside;
            chi += (tailObserved - tailExpected) * (tailObserved - tailExpected) / tailExpected;
            bins++;
        }

        return (UpperGamma((bins - 1) / 2.0, chi / 2), bins, chi);
    }

    /// <summary>z-score of <paramref name="successes"/> in <paramref name="n"/> Bernoulli(<paramref name="p"/>) trials.</summary>
    public static double BinomialZ(long successes, long n, double p) => (successes - n * p) / Math.Sqrt(n * p * (1 - p));

    /// <summary>The regularized upper incomplete gamma function Q(a, x).</summary>
    public static double UpperGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (x < a + 1)
        {
            // Series for P(a, x).
            double sum = 1 / a, term = sum, ap = a;
            for (var i = 0; i < 10_000; i++)
            {
                ap++;
                term *= x / ap;
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
                {
                    break;
                }
            }

            return 1 - sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
        }

        // Continued fraction for Q(a, x), modified Lentz.
        double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.Abs(d) < 1e-300 ? 1e-300 : d;
            c = b + an / c;
            c = Math.Abs(c) < 1e-300 ? 1e-300 : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    // Lanczos approximation (g = 7, n = 9).
    private static double LogGamma(double x)
    {
        double[] c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = c[0];
        for (var i = 1; i < 9; i++)
        {
            sum += c[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
