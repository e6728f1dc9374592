using System.Collections.Concurrent;
using System.Numerics;
using PrivacyShare.Internals;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The discrete Fourier transform of a power-of-two length, in place: iterative radix-2 Cooley-Tukey with
/// bit-reversed input order (Cormen et al., Introduction to Algorithms, 3rd ed., section 30.3). Forward
/// is sum_j x_j e^(-2 pi i jk/n); inverse uses e^(+2 pi i jk/n) and divides by n. Post-processing of
/// published noise scales only, so doubles are fine; a few small loops keep a cold query's JIT cost low,
/// where a general library's transform cost a tenth of a second to compile.
/// </summary>
/// <remarks>
/// The twiddle factors of a length are computed once per process and kept: a verification transforms
/// a few dozen vectors of one length, and computing each table again cost a fifth of its time (the
/// values are the same, each from its own angle, so results do not change).
/// </remarks>
internal static class Fft
{
    /// <summary>The forward transform of <paramref name="x"/>, whose length must be a power of two.</summary>
    public static void Forward(Span<Complex> x) => Transform(x, -1);

    /// <summary>The inverse transform of <paramref name="x"/> (scaled by 1/n), whose length must be a power of two.</summary>
    public static void Inverse(Span<Complex> x)
    {
        Transform(x, 1);
        var scale = 1.0 / x.Length;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= scale;
        }
    }

    // Keyed by length times the sign (+-1): one table per length and direction.
    private static readonly ConcurrentDictionary<int, Complex[]> TwiddleTables = new();

    private static void Transform(Span<Complex> x, int sign)
    {
        var n = x.Length;
        if (!BitOperations.IsPow2(n))
        {
            throw Throw.NotAPowerOfTwo(n, nameof(x));
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (x[i], x[j]) = (x[j], x[i]);
            }
        }

        var twiddles = Twiddles(n, sign);
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length / 2;
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var w = twiddles[k * stride];
                    var u = x[start + k];
                    var v = x[start + k + half] * w;
                    x[start + k] = u + v;
                    x[start + k + half] = u - v;
                }
            }
        }
    }

    // Twiddles e^(sign 2 pi i k/n), each from its own angle (repeated multiplication drifts); a stage of
    // length L uses every (n/L)-th one.
    private static Complex[] Twiddles(int n, int sign) => TwiddleTables.GetOrAdd(n * sign, static key =>
    {
        var n = Math.Abs(key);
        var twiddles = new Complex[n / 2];
        for (var k = 0; k < twiddles.Length; k++)
        {
            twiddles[k] = Complex.FromPolarCoordinates(1, Math.Sign(key) * 2 * Math.PI * k / n);
        }

        return twiddles;
    });
}
