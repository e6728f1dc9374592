using System.Collections.Concurrent;
using System.Numerics;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The 95% half-width of a linear combination Z = sum_k lambda_k S_k of the published noise, where S_k
/// is a sum of m_k independent discrete Laplace noises: the exact distribution, not a normal
/// approximation, computed conservatively. Post-processing of public parameters, so in doubles.
/// </summary>
/// <remarks>
/// Each S_k is integer-valued. Its characteristic function is phi(u)^m with phi(u) =
/// (1 - p)^2 / (1 - 2p cos u + p^2), the discrete Laplace one (Inusah and Kozubowski 2006, eq. 2.6),
/// and its distribution comes from the recurrence its probabilities satisfy (ComputeIntegerSum). Z is
/// then bounded above by Z+ = sum_k g ceil(lambda_k S_k / g) on a grid of width g = sigma/512 (g = 1,
/// and Z+ = Z, when every lambda is +-1). Z is symmetric, so P(|Z| &gt; t) = 2 P(Z &gt; t) &lt;= 2 P(Z+ &gt; t):
/// the half-width returned is at most K g (under 0.2% of sigma per term) wider than the exact one.
/// Z+'s tail is computed exactly but for at most FoldMass = 1e-12, which is counted against alpha:
/// Z+ = Y + V, with Y the share of the term of largest variance, kept as its list of points, and V the
/// rest's, whose distribution is the convolution of their mapped distributions, done by FFT on a cycle
/// that reaches V's Chernoff point t(1e-12) on each side (<see cref="ChernoffHalfWidth(IReadOnlyList{NoiseTerm}, double)"/>).
/// Then P(Z+ &gt; t) = sum_y P(Y = y) P(V &gt; t - y). Most of the demo's sums are one noise of the cell
/// and small shares of many others: V's cycle is 1K to 8K points where one for all of Z+, which must
/// reach 20 sigma for a Laplace-like sum, took 32K.
/// </remarks>
internal static class NoiseSum
{
    private const int GridPerSigma = 512;

    // The mass of Z beyond each end of the cycle, at most: counted against alpha (Quantile). So small
    // that it moves a half-width by one grid step about once in 10^8 intervals.
    private const double FoldMass = 1e-12;

    // Where exact computation stops is part of the method: a half-width computed exactly is narrower
    // than the Chernoff one, so moving the limit would change published intervals. It stays where it
    // was set, at a cycle of 48 sigma longer than MaxLength.
    private const double LimitSigmas = 24;

    // The largest exact computation: a term's support half-width, and the convolution's length. Past
    // them (noise scales in the thousands and more) the half-width comes from a Chernoff bound instead,
    // in constant memory and time: the figures then are wider than exact, never narrower.
    // Scales up to about 3,500 (a 95% half-width of about 10,000 per cell) stay exact; past them one
    // noise gets its closed form and a sum the Chernoff bound.
    private const long MaxSupport = 1 << 18;
    private const long MaxLength = 1 << 20;


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

        // One process computes the same half-widths again and again: verify recomputes what the release
        // wrote, a calendar's releases re-estimate every earlier period, verify-chain every release of a
        // chain. The function is deterministic in its exact inputs (the merged terms, in order, and
        // alpha), so they are the key; a bounded map, public parameters only.
        var key = new NoiseKey(merged, alpha);
        if (HalfWidths.TryGetValue(key, out var known))
        {
            return known;
        }

        var width = Compute(merged, alpha);
        if (HalfWidths.Count >= MaxRemembered)
        {
            HalfWidths.Clear();
        }

        HalfWidths[key] = width;
        return width;
    }

    private const int MaxRemembered = 4096;

    private static readonly ConcurrentDictionary<NoiseKey, double> HalfWidths = new();

    private static double Compute(NoiseTerm[] merged, double alpha)
    {
        var sigma = StandardDeviation(merged);
        var integer = merged.All(t => Math.Abs(Math.Abs(t.Lambda) - 1) < 1e-9);
        var grid = integer ? 1 : sigma / GridPerSigma;
        if (2 * Math.Ceiling(LimitSigmas * sigma / grid) + 2 * merged.Length + 16 > MaxLength || merged.Any(t => SupportOf(t.Count, t.Scale) > MaxSupport))
        {
            return PastExact(merged, alpha);
        }

        // Z+ <= Z + K g and Z+ >= Z: beyond R/g + K + 8 grid steps lies at most FoldMass of Z+ on
        // each side.
        var reach = ChernoffHalfWidth(merged, 2 * FoldMass, 40);
        var cells = 2 * Math.Ceiling(reach / grid) + 2 * merged.Length + 16;
        if (cells > MaxLength)
        {
            // A noise of scale far below 1 (an epsilon above about 14 per unit of sensitivity) is 0 but
            // for a tiny mass at +-1, thousands of its sigma out, where the Chernoff bound is loose: the
            // cycle would pass the exact computation's length. At such scales the half-width past it is
            // below 1.
            return PastExact(merged, alpha);
        }

        // Z+ = Y + V, with Y the lead term's share (the term of largest variance) and V the rest's. Y stays
        // a list of points; V is convolved on a cycle of its own reach, which is short when one noise
        // dominates: the demo's sums need 1K to 8K points where a cycle for Z+ needed 32K. Then
        // P(Z+ > t) = sum_y P(Y = y) P(V > t - y), a pass over Y's points for each t tried.
        var lead = merged.MaxBy(t => t.Lambda * t.Lambda * t.Count * Variance(t.Scale)); // the first, on a tie
        NoiseTerm[] rest = [.. merged.Where(t => t != lead)];
        var restCells = rest.Length == 0 ? 2 : 2 * Math.Ceiling(ChernoffHalfWidth(rest, 2 * FoldMass, 40) / grid) + 2 * rest.Length + 16;
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)restCells);
        var (pmf, w) = IntegerSum(lead.Count, lead.Scale);
        var support = (2 * w) + 1; // the lead's values -W .. W

        // V's cycle and two half spectra, then Y's points, their probabilities and the sums of those
        // above each, in one work array per thread (WorkArray).
        var half = length / 2 + 1;
        var work = WorkArray(length + (4 * half) + (3 * support) + 1);
        try
        {
            var mapped = work.AsSpan(0, length);
            Convolve(rest, integer, grid, mapped, work.AsSpan(length, 4 * half));
            var above = work.AsSpan(length, length + 1); // the spectra are spent: P(V > u) now
            var points = work.AsSpan(length + (4 * half));
            var count = Points(pmf, Math.Abs(lead.Lambda), integer, grid, points[..support], points.Slice(support, support), points.Slice(2 * support, support + 1));
            var y = points[..count];
            var p = points.Slice(support, count);
            var yAbove = points.Slice(2 * support, count + 1);
            Tails(mapped, above);
            return Quantile(y, p, yAbove, above, (long)Math.Ceiling(reach / grid) + merged.Length + 8, grid, alpha) ?? PastExact(merged, alpha);
        }
        finally
        {
            if (work.Length <= MaxKeptWork)
            {
                _work = work;
            }
        }
    }

    // V = sum_k g ceil(lambda_k S_k / g) over the terms given, on the cycle of mapped's length (a power of
    // two that holds V but for FoldMass a side): a point mass at 0 for no term, one term's mapped
    // distribution, or the product of the terms' spectra transformed back. spectra holds 2n + 4 doubles.
    private static void Convolve(NoiseTerm[] terms, bool integer, double grid, Span<double> mapped, Span<double> spectra)
    {
        var length = mapped.Length;
        var half = length / 2 + 1;
        if (terms.Length == 0)
        {
            mapped.Clear();
            mapped[0] = 1;
            return;
        }

        var totalRe = spectra[..half];
        var totalIm = spectra.Slice(half, half);
        var termRe = spectra.Slice(2 * half, half);
        var termIm = spectra.Slice(3 * half, half);
        totalRe.Fill(1);
        totalIm.Clear();
        foreach (var term in terms)
        {
            mapped.Clear();
            Map(IntegerSum(term.Count, term.Scale).Pmf, term.Lambda, integer, grid, mapped);

            if (terms.Length == 1)
            {
                return; // one term: its distribution is the sum's
            }

            // Real distributions: the coefficients up to n/2 determine the rest, and so the product.
            Fft.RealForward(mapped, termRe, termIm);
            for (var i = 0; i < half; i++)
            {
                var (re, im) = (totalRe[i] * termRe[i] - totalIm[i] * termIm[i], totalRe[i] * termIm[i] + totalIm[i] * termRe[i]);
                (totalRe[i], totalIm[i]) = (re, im);
            }
        }

        Fft.RealInverse(totalRe, totalIm, mapped);
    }

    // mapped[Cell(s) mod n] += P(S = s) for s = -W .. W in increasing order, n = mapped's length (a power of
    // two, so k mod n is k's low bits in two's complement). Cell is monotone in s (a product, a quotient by
    // g > 0 and a ceiling, each rounded monotonically), so the s of one cell are one run, and most terms
    // but the lead have runs of 10 to 100 (|lambda| / g of 0.01 to 0.1): each run's probabilities are
    // added in the same order as one by one, from the cell's value, with Cell evaluated about three times
    // a run where it was once a probability (170,000 times in a verification, issue #22). A run's length
    // is guessed as the last one's and the guess mended at its end, which Cell's monotony makes exact.
    internal static void Map(double[] pmf, double lambda, bool integer, double grid, Span<double> mapped)
    {
        var (w, mask) = (pmf.Length - 1, mapped.Length - 1);
        var run = integer ? 1 : (int)Math.Min(w + 1, Math.Floor(grid / Math.Abs(lambda)));
        if (run < 3)
        {
            for (var s = -w; s <= w; s++)
            {
                var probability = pmf[Math.Abs(s)];
                if (probability > 0)
                {
                    mapped[(int)(Cell(lambda, s, integer, grid) & mask)] += probability;
                }
            }

            return;
        }

        for (var s = -w; s <= w;)
        {
            var k = Cell(lambda, s, integer, grid);
            var end = Math.Min(w, s + run - 1);
            while (end > s && Cell(lambda, end, integer, grid) != k)
            {
                end--;
            }

            while (end < w && Cell(lambda, end + 1, integer, grid) == k)
            {
                end++;
            }

            ref var target = ref mapped[(int)(k & mask)];
            var sum = target;
            for (var t = s; t <= end; t++)
            {
                var probability = pmf[Math.Abs(t)];
                if (probability > 0)
                {
                    sum += probability;
                }
            }

            target = sum;
            run = end - s + 1;
            s = end + 1;
        }
    }

    // The grid cell of lambda s: ceil(lambda s / g), Z+'s rounding up; lambda s itself for integer weights
    // (g = 1). One rule for V's terms and for Y's points, so that both are the Z+ of the proof. Called for
    // every probability of every sum (a few hundred thousand in a verification): inlined, and converted
    // unchecked: |lambda| <= sigma / sd(S) for every term, so |lambda s / g| <= 512 W / sd(S), far inside a long.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static long Cell(double lambda, long s, bool integer, double grid) =>
        unchecked(integer ? (long)Math.Round(lambda) * s : (long)Math.Ceiling(lambda * s / grid));

    // above[u + n/2 + 1] = P(V > u) for u = -n/2 - 1 .. n/2 - 1, from V's distribution on the cycle of length
    // n: indexes 0 .. n/2 - 1 hold V = 0 .. n/2 - 1 and n/2 .. n - 1 hold -n/2 .. -1 (n/2 is taken as
    // negative), each with whatever the cycle folded onto it. Mass of V above n/2 - 1 folds onto negative
    // indexes, at most FoldMass, which Quantile adds back; mass below -n/2 folds onto positive ones, which
    // only adds. Rounding can leave tiny negative values: they count as 0, which only adds too.
    private static void Tails(ReadOnlySpan<double> mapped, Span<double> above)
    {
        var n = mapped.Length;
        above[n] = 0;
        for (var k = n; k >= 1; k--)
        {
            var u = k - (n / 2) - 1;
            above[k - 1] = above[k] + Math.Max(0, mapped[u & (n - 1)]);
        }
    }

    // Y = g ceil(|lambda| S / g), S = the lead's integer sum (pmf[|s|] = P(S = s), s = -W .. W), as distinct
    // grid points y in increasing order with their probabilities and yAbove[j] = P(Y >= y[j]); returns
    // their number. Z is symmetric and so is S, so |lambda| gives Y's distribution for either sign;
    // integer weights map S to itself.
    private static int Points(double[] pmf, double lambda, bool integer, double grid, Span<double> y, Span<double> p, Span<double> yAbove)
    {
        var count = 0;
        var w = pmf.Length - 1;
        for (var s = -w; s <= w; s++)
        {
            var probability = pmf[Math.Abs(s)];
            if (probability <= 0)
            {
                continue;
            }

            double k = Cell(lambda, s, integer, grid);
            if (count > 0 && y[count - 1] == k)
            {
                p[count - 1] += probability;
            }
            else
            {
                (y[count], p[count]) = (k, probability);
                count++;
            }
        }

        yAbove[count] = 0;
        for (var j = count - 1; j >= 0; j--)
        {
            yAbove[j] = yAbove[j + 1] + p[j];
        }

        return count;
    }

    // The half-width where the exact computation stops (a support, a cycle or an alpha past what it
    // resolves): one noise's closed form, exact, or the Chernoff bound of a sum, never narrower than
    // the exact half-width.
    private static double PastExact(NoiseTerm[] merged, double alpha) =>
        merged is [{ Count: 1 } one]
            ? Math.Abs(one.Lambda) * OneSidedBound(one.Scale, alpha / 2) // exact: P(|X| > h) = 2 P(X > h)
            : ChernoffHalfWidth(merged, alpha);

    // A verification computes a few dozen distributions in a process that lives tens of milliseconds:
    // fresh arrays each time cost it more in page faults and zeroing than the arithmetic, and the shared
    // array pool rounds sizes up to a power of two and zeroes. So each thread keeps one array, never
    // zeroed (every part is written before it is read), of MaxKeptWork (1.5 MB) whatever its first call
    // needs: pages never touched cost nothing, and a later, larger call reuses the pages the earlier ones
    // faulted in where an array of the exact size was replaced by a fresh one (page faults per verify
    // about 1,500 to 1,350). Larger ones are made for the call and let go.
    private static double[] WorkArray(int size)
    {
        var kept = _work;
        _work = null; // a nested call on this thread, if ever, gets its own
        return kept is not null && kept.Length >= size ? kept : GC.AllocateUninitializedArray<double>(size <= MaxKeptWork ? MaxKeptWork : size);
    }

    private const int MaxKeptWork = 3 * (1 << 16) + 4;

    [ThreadStatic]
    private static double[]? _work;

    // The smallest grid value h = t g, t = 0 .. tMax, with 2 (P(Z+ > h) + FoldMass) <= alpha: P(Z+ > t g) =
    // sum_j p_j P(V > t - y_j) (Tails), where V's cycle lost at most FoldMass above, added back here.
    // Null when none does (alpha below about 4 FoldMass): the caller then takes PastExact. The tail
    // falls as t grows, so a bisection finds h in about 20 passes, each over the points whose y - t
    // lies within V's cycle; the points above it see all of V's mass, those below none.
    private static double? Quantile(ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> yAbove, ReadOnlySpan<double> above, long tMax, double grid, double alpha)
    {
        var n = above.Length - 1; // V's cycle
        var total = above[0];
        double Tail(long t, ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> yAbove, ReadOnlySpan<double> above)
        {
            var low = FirstAtLeast(y, t - (n / 2) + 2); // below: P(V > t - y) = 0
            var high = FirstAtLeast(y, t + (n / 2) + 1); // from here up: P(V > t - y) = all of V
            var sum = total * yAbove[high];
            for (var j = low; j < high; j++)
            {
                sum += p[j] * above[(int)(t - unchecked((long)y[j])) + (n / 2) + 1]; // y: whole grid steps, within the cycle
            }

            return sum;
        }

        bool Qualifies(long t, ReadOnlySpan<double> y, ReadOnlySpan<double> p, ReadOnlySpan<double> yAbove, ReadOnlySpan<double> above) =>
            2 * (Tail(t, y, p, yAbove, above) + FoldMass) <= alpha;

        if (!Qualifies(tMax, y, p, yAbove, above))
        {
            return null;
        }

        var (lo, hi) = (0L, tMax);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Qualifies(mid, y, p, yAbove, above))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo * grid;
    }

    // The first index of the increasing y with y[j] >= v, or y's length.
    private static int FirstAtLeast(ReadOnlySpan<double> y, long v)
    {
        var (lo, hi) = (0, y.Length);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (y[mid] >= v)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>
    /// The smallest integer h with P(X &gt; h) &lt;= <paramref name="alpha"/> for one discrete Laplace X of
    /// scale b: P(X &gt; h) = p^(h+1) / (1 + p).
    /// </summary>
    public static long OneSidedBound(double scale, double alpha)
    {
        // log p is -1/b exactly; log(exp(-1/b)) would lose the digits that matter at large scales.
        var logP = -1 / scale;
        var onePlusP = 1 + Math.Exp(logP);
        double Tail(long h) => Math.Exp((h + 1) * logP) / onePlusP; // P(X > h)
        var h = Math.Max(0, (long)Math.Ceiling(-scale * Math.Log(alpha * onePlusP)) - 1);
        while (h > 0 && Tail(h - 1) <= alpha * (1 - 1e-12))
        {
            h--; // guard against rounding up one too many
        }

        while (Tail(h) > alpha * (1 - 1e-12))
        {
            h++; // and against one too few: at a tie within rounding, the wider side
        }

        return h;
    }

    /// <summary>
    /// A half-width h with P(|Z| &gt; h) &lt;= alpha from the Chernoff bound P(Z &gt; t) &lt;= exp(-theta t)
    /// prod_k M(lambda_k theta)^(m_k), with the discrete Laplace moment generating function
    /// M(theta) = (1 - p)^2 / ((1 - p e^theta)(1 - p e^-theta)) for |theta| &lt; 1/b (Inusah and Kozubowski
    /// 2006), minimized over theta; Z is symmetric, so each side gets alpha/2. Never below the exact
    /// half-width; about 40% wider for sums of many noises (as for a normal: 2.80 sigma against 2.05 at
    /// alpha 0.04), up to about twice as wide for a few.
    /// </summary>
    internal static double ChernoffHalfWidth(IReadOnlyList<NoiseTerm> terms, double alpha) => ChernoffHalfWidth(terms, alpha, 200);

    // Steps of the search: 200 for a published bound (its value is part of the method); a cycle's reach
    // is valid at any theta and needs only to be near the least, which 40 steps give (to a factor of
    // 1 + 1e-7 in theta).
    private static double ChernoffHalfWidth(IReadOnlyList<NoiseTerm> terms, double alpha, int steps)
    {
        var limit = terms.Min(t => 1 / (Math.Abs(t.Lambda) * t.Scale)); // theta must stay below this
        double T(double theta)
        {
            // A loop, not Sum: a lambda over theta was made anew at every step. The same sum, in the same order.
            var sum = 0.0;
            foreach (var t in terms)
            {
                sum += t.Count * LogMgf(t.Scale, Math.Abs(t.Lambda) * theta);
            }

            return (sum + Math.Log(2 / alpha)) / theta;
        }

        // T is convex in theta on (0, limit): a golden-section search on the log scale finds its minimum.
        double lo = Math.Log(limit * 1e-9), hi = Math.Log(limit * (1 - 1e-9));
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < steps; i++)
        {
            var a = hi - phi * (hi - lo);
            var b = lo + phi * (hi - lo);
            if (T(Math.Exp(a)) <= T(Math.Exp(b)))
            {
                hi = b;
            }
            else
            {
                lo = a;
            }
        }

        return T(Math.Exp((lo + hi) / 2));
    }

    // log M(theta) of the discrete Laplace of scale b, for 0 <= theta < 1/b, computed without cancellation:
    // 2 log(1 - p) - log(1 - p e^theta) - log(1 - p e^-theta), with log(1 - e^x) by log(-expm1(x)).
    private static double LogMgf(double scale, double theta)
    {
        var a = -1 / scale;
        return 2 * Log1mExp(a) - Log1mExp(a + theta) - Log1mExp(a - theta);
    }

    // log(1 - e^x) for x < 0; e^x - 1 by its series where subtracting would cancel (|x| < 1e-5: the
    // next term, x^4/24, is below 1e-16 of the sum).
    private static double Log1mExp(double x) => Math.Log(-(Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1));

    // The support half-width that decides whether a term is computed exactly (against MaxSupport): the
    // Chernoff point at theta = 1/(2b), which IntegerSum used until it took the least over theta (Support).
    // The limit stays on this one, since a limit that moved would change which intervals are exact.
    private static double SupportOf(long m, double scale)
    {
        var p = Math.Exp(-1 / scale);
        var theta = 1 / (2 * scale);
        var mgf = (1 - p) * (1 - p) / ((1 - p * Math.Exp(theta)) * (1 - p * Math.Exp(-theta)));
        return Math.Ceiling((m * Math.Log(mgf) + 37) / theta);
    }

    // IntegerSum's support half-width W: the least over theta = k/(16b), k = 1 .. 15, of the Chernoff
    // point ceil((m log M(theta) + 37) / theta), so that P(S > W) <= M(theta)^m exp(-theta W) <= e^-37.
    // Any theta in (0, 1/b) serves the bound and the recurrence's error (ComputeIntegerSum); k = 8 is the
    // 1/(2b) SupportOf takes. For a few noises a larger theta is far tighter: one noise needs about 42b
    // where 1/(2b) gave 75b, so the probabilities a verification computes, maps and sums are 30 to 45%
    // fewer for the small sums most cells have (issue #22); for many noises the two nearly agree.
    private static int Support(long m, double scale)
    {
        var best = double.PositiveInfinity;
        for (var k = 1; k < 16; k++)
        {
            var theta = k / (16 * scale);
            best = Math.Min(best, Math.Ceiling((m * LogMgf(scale, theta) + 37) / theta));
        }

        return (int)best;
    }

    // The distribution of the sum of m discrete Laplace(b) noises on [-W, W], as its half pmf[n] = P(S = n) =
    // P(S = -n), n = 0 .. W: the sum is symmetric, and its arrays were the largest part of the fresh memory a
    // verification faults in (issue #22). W (Support) leaves at most e^-37 (under 1e-16) above W by the
    // Chernoff bound P(S > W) <= M(theta)^m exp(-theta W).
    // Kept: the cells of one release share a few (m, b) pairs across their sums. A process that tries
    // many designs (plan's share search, the tests) starts over past 256 pairs, so the cache stays small.
    private static (double[] Pmf, int W) IntegerSum(long m, double scale)
    {
        if (IntegerSums.Count > 256)
        {
            IntegerSums.Clear();
        }

        return IntegerSums.GetOrAdd((m, scale), static key => ComputeIntegerSum(key.M, key.Scale));
    }

    private static readonly ConcurrentDictionary<(long M, double Scale), (double[] Pmf, int W)> IntegerSums = new();

    // IntegerSum's distribution, from the three-term recurrence its coefficients satisfy, run downward
    // from W (Miller's algorithm; Gautschi 1967, "Computational aspects of three-term recurrence
    // relations", SIAM Review 9(1), section 3): O(W) arithmetic, where a transform of phi^m took
    // O(W log W) and a cosine, a logarithm and an exponential per point. The generating function
    // G(z) = ((1 - p)^2 / ((1 - pz)(1 - p/z)))^m satisfies
    // (-p z^3 + (1 + p^2) z^2 - p z) G' = m p (z^2 - 1) G; comparing the coefficients of z^n gives
    //   p (m - n) a_n + (1 + p^2)(n - 1) a_(n-1) - p (n + m - 2) a_(n-2) = 0.
    // Its solutions grow like p^(-n) or decay like p^n; the pmf is the decaying one, which the
    // downward direction follows stably. Starting from a_(W+1) = 0, a_W = 1 adds a multiple of the other
    // solution, which shrinks by p^2 a step downward: at n it is e^(-2(W - n)/b) of the pmf there, and with
    // the Chernoff bound that chose W (a_n <= M(theta)^m e^(-theta n) <= e^(-37 + theta (W - n)), theta < 1/b)
    // the error it leaves at n is below e^(-37 - (W - n)/b), on each side below e^-37 (b + 1), under 3e-13 for
    // every scale computed exactly. Symmetry (a_-n = a_n) and a total of 1 fix the scale.
    internal static (double[] Pmf, int W) ComputeIntegerSum(long m, double scale)
    {
        var p = Math.Exp(-1 / scale);
        var w = Support(m, scale);
        var a = GC.AllocateUninitializedArray<double>(w + 1); // a[n] = P(S = n), n = 0 .. W: every entry is written below
        if (m == 1)
        {
            // The closed form (1 - p)/(1 + p) p^n by products, with a power every 64 steps so that the
            // rounding of the products never adds up past 64 units in the last place.
            var c = (1 - p) / (1 + p);
            for (var n = 0; n <= w; n++)
            {
                a[n] = n % 64 == 0 ? c * Math.Pow(p, n) : a[n - 1] * p;
            }
        }
        else
        {
            var (q, mm) = (1 + (p * p), (double)m);
            var (next, current) = (0.0, 1.0); // a_(n), a_(n-1) for n = W + 1
            a[w] = 1;
            for (var n = w + 1; n >= 2; n--)
            {
                // The coefficients first, then one multiply-add on the values: the division does not wait
                // on the step before, so steps overlap where a division of the sum made each wait on it.
                var r = 1 / (p * (n + mm - 2));
                var before = (p * (mm - n) * r * next) + (q * (n - 1) * r * current);
                a[n - 2] = before;
                (next, current) = (current, before);
                if (before > 1e200)
                {
                    // The pmf spans about e^(2W/b), far inside a double; rescaling keeps any extreme case finite.
                    foreach (ref var v in a.AsSpan(n - 2))
                    {
                        v *= 1e-200;
                    }

                    (next, current) = (next * 1e-200, current * 1e-200);
                }
            }

            var total = a[0];
            for (var n = 1; n <= w; n++)
            {
                total += 2 * a[n];
            }

            for (var n = 0; n <= w; n++)
            {
                a[n] /= total;
            }
        }

        return (a, w);
    }
}
