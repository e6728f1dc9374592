using System.Numerics;

namespace PrivacyShare.Privacy;

/// <summary>
/// The exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
/// Privacy" (NeurIPS 2020), section 5. Every quantity is an integer or a ratio of integers and every
/// random choice is a uniform integer from the CSPRNG: no floating point anywhere, so the output's
/// distribution is exactly the stated one and its low bits reveal nothing about the input (Mironov,
/// "On Significance of the Least Significant Bits for Differential Privacy", CCS 2012).
/// </summary>
internal static class ExactSampling
{
    /// <summary>Bernoulli(<paramref name="n"/>/<paramref name="d"/>) for 0 &lt;= n &lt;= d.</summary>
    public static bool Bernoulli(RandomSource random, BigInteger n, BigInteger d) => random.Below(d) < n;

    /// <summary>
    /// Bernoulli(exp(-<paramref name="n"/>/<paramref name="d"/>)) for n/d &gt;= 0 (CKS20 Algorithm 1):
    /// for gamma in [0, 1], count K while Bernoulli(gamma/K) succeeds and return whether K is odd; for
    /// gamma &gt; 1, one Bernoulli(exp(-1)) per whole unit, then the fractional rest.
    /// </summary>
    public static bool BernoulliExp(RandomSource random, BigInteger n, BigInteger d)
    {
        while (n > d)
        {
            if (!BernoulliExpAtMostOne(random, d, d))
            {
                return false;
            }

            n -= d;
        }

        return BernoulliExpAtMostOne(random, n, d);
    }

    /// <summary>
    /// Discrete Laplace with scale <paramref name="t"/>/<paramref name="s"/> (CKS20 Algorithm 2):
    /// P(x) proportional to exp(-|x| s/t). The magnitude comes from the fast geometric sampler:
    /// X = U + t V with U uniform in [0, t) accepted with probability exp(-U/t) and V geometric with
    /// parameter exp(-1); then Y = floor(X/s); the sign is a fair bit, and (negative, 0) is rejected so
    /// that zero is not counted twice.
    /// </summary>
    public static BigInteger DiscreteLaplace(RandomSource random, BigInteger t, BigInteger s)
    {
        while (true)
        {
            var u = random.Below(t);
            if (!BernoulliExp(random, u, t))
            {
                continue;
            }

            BigInteger v = 0;
            while (BernoulliExp(random, BigInteger.One, BigInteger.One))
            {
                v++;
            }

            var y = (u + t * v) / s;
            var negative = random.Bit();
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>
    /// Discrete Gaussian with variance parameter sigma^2 = <paramref name="a"/>/<paramref name="b"/>
    /// (CKS20 Algorithm 3): P(x) proportional to exp(-x^2 / (2 sigma^2)). Draws Y from the discrete
    /// Laplace with scale t = floor(sigma) + 1 and accepts it with probability
    /// exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)).
    /// </summary>
    public static BigInteger DiscreteGaussian(RandomSource random, BigInteger a, BigInteger b)
    {
        // floor(sqrt(a/b)) = floor(sqrt(floor(a/b))), an integer square root.
        var t = IntegerSqrt(a / b) + 1;
        while (true)
        {
            var y = DiscreteLaplace(random, t, BigInteger.One);
            // gamma = (|y| - (a/b)/t)^2 / (2 a/b) = (|y| b t - a)^2 / (2 a b t^2)
            var diff = BigInteger.Abs(y) * b * t - a;
            if (BernoulliExp(random, diff * diff, 2 * a * b * t * t))
            {
                return y;
            }
        }
    }

    /// <summary>floor(sqrt(<paramref name="n"/>)) for n &gt;= 0, by Newton's method on integers.</summary>
    public static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var next = (x + n / x) >> 1;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }

    private static bool BernoulliExpAtMostOne(RandomSource random, BigInteger n, BigInteger d)
    {
        var k = BigInteger.One;
        while (Bernoulli(random, n, d * k))
        {
            k++;
        }

        return !k.IsEven;
    }
}
