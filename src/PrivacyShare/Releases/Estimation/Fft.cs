using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PrivacyShare.Internals;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The discrete Fourier transform of a power-of-two length: iterative radix-2 Cooley-Tukey with
/// bit-reversed input order (Cormen et al., Introduction to Algorithms, 3rd ed., section 30.3) on split
/// real and imaginary arrays, and the transform of a real sequence of length n by one complex transform of
/// length n/2 (Press et al., Numerical Recipes, 3rd ed., section 12.3.1). Forward is
/// sum_j x_j e^(-2 pi i jk/n); inverse uses e^(+2 pi i jk/n) and divides by n. Post-processing of
/// published noise scales only, so doubles are fine.
/// </summary>
/// <remarks>
/// <para>
/// Speed matters because an auditor's <c>verify</c> recomputes every interval of a release, each from
/// an exact noise distribution of tens of thousands of points (NoiseSum): split arrays let one butterfly
/// loop run on whole SIMD vectors (<see cref="Vector{T}"/>: four doubles with AVX2, two on arm64), each
/// stage reads its twiddles from a contiguous row, and real inputs (every distribution is real) cost half
/// a complex transform. A few small loops keep a cold query's JIT cost low, where a general library's
/// transform cost a tenth of a second to compile.
/// </para>
/// <para>
/// The twiddle factors of a length are computed once per process and kept: an eighth of them from their
/// own angles (repeated multiplication drifts), the rest by exact symmetry.
/// </para>
/// </remarks>
internal static class Fft
{
    /// <summary>
    /// The forward transform of <paramref name="re"/> + i <paramref name="im"/> in place, unscaled.
    /// The inverse (unscaled) is the forward transform with the two arrays swapped: conj(F(conj z)) = F^-1(z) n.
    /// </summary>
    public static void Transform(Span<double> re, Span<double> im)
    {
        var n = re.Length;
        if (!BitOperations.IsPow2(n))
        {
            throw Throw.NotAPowerOfTwo(n, nameof(re));
        }

        if (im.Length != n)
        {
            throw Throw.Bug($"a transform was given {im.Length} imaginary parts for {n} real ones");
        }

        if (n == 1)
        {
            return;
        }

        var reverse = BitReversal(n);
        for (var i = 0; i < n; i++)
        {
            var j = reverse[i];
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        var table = Twiddles(n);
        ReadOnlySpan<double> wr = table.AsSpan(0, table.Length / 2), wi = table.AsSpan(table.Length / 2);
        Butterflies(re, im, wr, wi);
    }

    /// <summary>
    /// The first n/2 + 1 coefficients X_0 .. X_(n/2) of the forward transform of the real sequence
    /// <paramref name="x"/> (length n, a power of two, at least 2); the rest are their conjugates.
    /// <paramref name="x"/> is used as the work space and left changed.
    /// </summary>
    public static void RealForward(Span<double> x, Span<double> re, Span<double> im)
    {
        var n = x.Length;
        var half = n / 2;
        CheckReal(n, re.Length, im.Length);

        // z_m = x_2m + i x_(2m+1), transformed at length n/2: Z = E + i O, with E and O the transforms of
        // the even and odd samples; X_k = E_k + w^k O_k, w = e^(-2 pi i/n).
        var zr = re[..half];
        var zi = im[..half];
        for (var m = 0; m < half; m++)
        {
            zr[m] = x[2 * m];
            zi[m] = x[2 * m + 1];
        }

        Transform(zr, zi);
        var table = Twiddles(n);
        ReadOnlySpan<double> wr = table.AsSpan(0, table.Length / 2), wi = table.AsSpan(table.Length / 2);
        var row = wr.Slice(half, half);
        var rowI = wi.Slice(half, half);

        // k and n/2 - k together, each pair from the values before either is overwritten.
        var (z0r, z0i) = (zr[0], zi[0]);
        re[0] = z0r + z0i;
        im[0] = 0;
        re[half] = z0r - z0i;
        im[half] = 0;
        for (var k = 1; k <= half / 2; k++)
        {
            var j = half - k;
            var (ar, ai, br, bi) = (zr[k], zi[k], zr[j], zi[j]);
            Combine(ar, ai, br, bi, row[k], rowI[k], out re[k], out im[k]);
            Combine(br, bi, ar, ai, row[j], rowI[j], out re[j], out im[j]);
        }
    }

    /// <summary>
    /// The inverse of <see cref="RealForward"/>: the real sequence (length n) whose transform has the
    /// coefficients X_0 .. X_(n/2) given, scaled by 1/n. <paramref name="re"/> and <paramref name="im"/>
    /// are used as the work space and left changed.
    /// </summary>
    public static void RealInverse(Span<double> re, Span<double> im, Span<double> x)
    {
        var n = x.Length;
        var half = n / 2;
        CheckReal(n, re.Length, im.Length);

        // E_k = (X_k + conj X_(n/2-k))/2 and O_k = (X_k - conj X_(n/2-k)) w^-k / 2, then Z_k = E_k + i O_k
        // and z = F^-1(Z) holds the even samples in its real part and the odd ones in its imaginary part.
        var table = Twiddles(n);
        ReadOnlySpan<double> wr = table.AsSpan(0, table.Length / 2), wi = table.AsSpan(table.Length / 2);
        var row = wr.Slice(half, half);
        var rowI = wi.Slice(half, half);
        var (x0r, xhr) = (re[0], re[half]);
        re[0] = (x0r + xhr) / 2;
        im[0] = (x0r - xhr) / 2;
        for (var k = 1; k <= half / 2; k++)
        {
            var j = half - k;
            var (ar, ai, br, bi) = (re[k], im[k], re[j], im[j]);
            Uncombine(ar, ai, br, bi, row[k], rowI[k], out re[k], out im[k]);
            Uncombine(br, bi, ar, ai, row[j], rowI[j], out re[j], out im[j]);
        }

        var zr = re[..half];
        var zi = im[..half];
        Transform(zi, zr); // the inverse: the forward transform with the parts swapped
        var scale = 1.0 / half;
        for (var m = 0; m < half; m++)
        {
            x[2 * m] = zr[m] * scale;
            x[2 * m + 1] = zi[m] * scale;
        }
    }

    // A real transform of length n (a power of two, at least 2) keeps n/2 + 1 coefficients.
    private static void CheckReal(int n, int re, int im)
    {
        if (!BitOperations.IsPow2(n) || n < 2)
        {
            throw Throw.NotAPowerOfTwo(n, "x");
        }

        if (re != n / 2 + 1 || im != n / 2 + 1)
        {
            throw Throw.Bug($"a real transform of length {n} keeps {n / 2 + 1} coefficients, not {re} and {im}");
        }
    }

    // X_k from Z_k = a and Z_(n/2-k) = b: E = (a + conj b)/2, O = (a - conj b)/(2i), X = E + w O.
    private static void Combine(double ar, double ai, double br, double bi, double wr, double wi, out double xr, out double xi)
    {
        var er = (ar + br) / 2;
        var ei = (ai - bi) / 2;
        var or = (ai + bi) / 2;
        var oi = -(ar - br) / 2;
        xr = er + wr * or - wi * oi;
        xi = ei + wr * oi + wi * or;
    }

    // Z_k from X_k = a and X_(n/2-k) = b: E = (a + conj b)/2, O = (a - conj b) conj(w)/2, Z = E + i O.
    private static void Uncombine(double ar, double ai, double br, double bi, double wr, double wi, out double zr, out double zi)
    {
        var er = (ar + br) / 2;
        var ei = (ai - bi) / 2;
        var dr = (ar - br) / 2;
        var di = (ai + bi) / 2;
        var or = dr * wr + di * wi;
        var oi = di * wr - dr * wi;
        zr = er - oi;
        zi = ei + or;
    }

    // The stages: a block of length 2h combines its halves with the twiddles e^(-2 pi i k/2h), k < h,
    // which the table keeps contiguous at [h, 2h). Indexes stay below n, so unchecked arithmetic is safe.
    private static void Butterflies(Span<double> re, Span<double> im, ReadOnlySpan<double> wr, ReadOnlySpan<double> wi)
    {
        unchecked
        {
            var n = re.Length;
            ref var r = ref MemoryMarshal.GetReference(re);
            ref var i = ref MemoryMarshal.GetReference(im);
            var width = Vector<double>.Count;
            for (var h = 1; h < n; h <<= 1)
            {
                if (h < width)
                {
                    for (var start = 0; start < n; start += 2 * h)
                    {
                        for (var k = 0; k < h; k++)
                        {
                            var (cr, ci) = (wr[h + k], wi[h + k]);
                            ref var ur = ref Unsafe.Add(ref r, start + k);
                            ref var ui = ref Unsafe.Add(ref i, start + k);
                            ref var vr = ref Unsafe.Add(ref r, start + k + h);
                            ref var vi = ref Unsafe.Add(ref i, start + k + h);
                            var tr = vr * cr - vi * ci;
                            var ti = vr * ci + vi * cr;
                            (vr, vi) = (ur - tr, ui - ti);
                            (ur, ui) = (ur + tr, ui + ti);
                        }
                    }

                    continue;
                }

                ref var rowR = ref Unsafe.Add(ref MemoryMarshal.GetReference(wr), h);
                ref var rowI = ref Unsafe.Add(ref MemoryMarshal.GetReference(wi), h);
                for (var start = 0; start < n; start += 2 * h)
                {
                    for (var k = 0; k < h; k += width)
                    {
                        var cr = Vector.LoadUnsafe(ref rowR, (nuint)k);
                        var ci = Vector.LoadUnsafe(ref rowI, (nuint)k);
                        var ur = Vector.LoadUnsafe(ref r, (nuint)(start + k));
                        var ui = Vector.LoadUnsafe(ref i, (nuint)(start + k));
                        var vr = Vector.LoadUnsafe(ref r, (nuint)(start + k + h));
                        var vi = Vector.LoadUnsafe(ref i, (nuint)(start + k + h));
                        var tr = vr * cr - vi * ci;
                        var ti = vr * ci + vi * cr;
                        (ur + tr).StoreUnsafe(ref r, (nuint)(start + k));
                        (ui + ti).StoreUnsafe(ref i, (nuint)(start + k));
                        (ur - tr).StoreUnsafe(ref r, (nuint)(start + k + h));
                        (ui - ti).StoreUnsafe(ref i, (nuint)(start + k + h));
                    }
                }
            }
        }
    }

    // The largest table so far, its real parts then its imaginary parts: row h does not depend on the
    // length, so one table serves every shorter one. One array, so that a thread reads it whole.
    private static double[] _twiddles = new double[2];

    private static readonly ConcurrentDictionary<int, int[]> BitReversals = new();

    // Row h (entries [h, 2h) of each part) holds e^(-2 pi i k/2h) for k < h: the twiddles of every stage
    // up to length n, and row n/2 is also what RealForward needs at length n. Only the top row's first
    // octant (angles up to pi/4) is computed, cos and sin each from its own angle (repeated
    // multiplication drifts); the rest of the row follows by the exact symmetries cos(pi/2 - x) = sin x
    // and cos(pi - x) = -cos x, and every lower row is every other entry of the row above (Van Loan,
    // Computational Frameworks for the Fast Fourier Transform, 1992, section 1.4). A first transform of
    // length 32K computed 32K sines and cosines here, more time than the transform itself.
    private static double[] Twiddles(int n)
    {
        var table = Volatile.Read(ref _twiddles);
        if (table.Length >= 2 * n)
        {
            return table;
        }

        lock (TwiddleLock)
        {
            table = _twiddles;
            if (table.Length >= 2 * n)
            {
                return table;
            }

            table = new double[2 * n];
            var top = n / 2; // the top row: e^(-i pi k/top), k < top
            var cos = table.AsSpan(top, top);
            var sin = table.AsSpan(n + top, top);
            for (var k = 0; k < top; k++)
            {
                if (top < 8 || 4 * k <= top)
                {
                    var angle = Math.PI * k / top;
                    (cos[k], sin[k]) = (Math.Cos(angle), -Math.Sin(angle));
                }
                else if (2 * k <= top)
                {
                    var j = (top / 2) - k; // angle pi/2 - angle_j
                    (cos[k], sin[k]) = (-sin[j], -cos[j]);
                }
                else
                {
                    var j = top - k; // angle pi - angle_j
                    (cos[k], sin[k]) = (-cos[j], sin[j]);
                }
            }

            for (var h = top / 2; h >= 1; h /= 2)
            {
                for (var k = 0; k < h; k++)
                {
                    (table[h + k], table[n + h + k]) = (table[(2 * h) + (2 * k)], table[n + (2 * h) + (2 * k)]);
                }
            }

            Volatile.Write(ref _twiddles, table);
            return table;
        }
    }

    private static readonly Lock TwiddleLock = new();

    private static int[] BitReversal(int n) => BitReversals.GetOrAdd(n, static n =>
    {
        var reverse = new int[n];
        var bits = BitOperations.Log2((uint)n);
        for (var i = 0; i < n; i++)
        {
            reverse[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }

        return reverse;
    });

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
