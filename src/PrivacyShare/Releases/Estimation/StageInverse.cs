namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The Moore-Penrose pseudo-inverse of a 4x4 stage matrix M_R = sum_t w_t G_t'G_t (positive weights,
/// 0/1 group rows), and which stage combinations lie in its range (which the tables identify on that
/// subspace).
/// </summary>
/// <remarks>
/// <para>The range of M is the span of the group vectors, whatever the (positive) weights: it is found
/// exactly, by integer elimination on the 0/1 vectors, never by comparing eigenvalues with a cut-off.
/// A relative cut-off treated the less precise of two very unequal tables as unidentified: with removals
/// at epsilon 20 (noise variance 2e-7) beside monthly arrests at 0.5 (variance 450), the arrests
/// direction fell below 1e-10 of the largest eigenvalue and the estimate lost the table.</para>
/// <para>With U the independent group vectors as columns (col U = range M), M^+ = U (U'MU)^-1 U' for any
/// full-column-rank U (Ben-Israel and Greville, Generalized Inverses, 2nd ed., 2003, ch. 1, the full-rank
/// factorization). U'MU is at most 4 x 4 and positive definite; it is inverted in exact rational
/// arithmetic (each double weight is an exact rational), so no spread of the weights loses precision,
/// and each entry of the inverse is rounded once.
/// A query c is estimable exactly when c lies in the range (Kay, Fundamentals of Statistical Signal
/// Processing: Estimation Theory, 1993, 6.4), decided by the same exact elimination.</para>
/// </remarks>
internal sealed class StageInverse
{
    private readonly double[,] _forms = new double[16, 16]; // u' M^+ v for every pair of stage masks
    private readonly int[] _basis; // independent group vectors, as 4-bit masks

    /// <param name="terms">Each table's weight and group, for the tables that measure this subspace.</param>
    public StageInverse(IReadOnlyList<(double Weight, int Group)> terms)
    {
        _basis = Basis(terms.Select(t => t.Group));
        var r = _basis.Length;
        if (r == 0)
        {
            return;
        }

        // A = U'MU = sum_t w_t (U'g_t)(g_t'U): entry (i, j) adds w_t |b_i & g_t| |b_j & g_t|. Exact: each
        // weight is the rational its double is, so no spread of the weights can lose a direction.
        var a = new Privacy.Rational[r, r];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < r; j++)
            {
                a[i, j] = Privacy.Rational.Zero;
            }
        }

        foreach (var (weight, group) in terms)
        {
            var w = Exact(weight);
            for (var i = 0; i < r; i++)
            {
                var ui = int.PopCount(_basis[i] & group);
                for (var j = 0; j < r && ui > 0; j++)
                {
                    a[i, j] += w * (ui * int.PopCount(_basis[j] & group));
                }
            }
        }

        // u'M^+v = sum_ij (u'b_i) (A^-1)_ij (b_j'v), summed exactly and rounded once: with weights far
        // apart, M^+ has entries of both signs near 1/(smallest weight), and a sum of rounded entries
        // would cancel to noise.
        var inverse = ExactInverse(a);

        // Per u, the row x_j = sum_i (u'b_i) (A^-1)_ij first, then u'M^+v = sum_j x_j (b_j'v): the same exact
        // sum in another order (rational arithmetic is associative), in a fifth of the products. A^-1 is
        // symmetric, so each pair is computed once.
        var row = new Privacy.Rational[r];
        for (var u = 1; u < 16; u++)
        {
            for (var j = 0; j < r; j++)
            {
                var x = Privacy.Rational.Zero;
                for (var i = 0; i < r; i++)
                {
                    var ui = int.PopCount(_basis[i] & u);
                    if (ui > 0)
                    {
                        x += inverse[i, j] * ui;
                    }
                }

                row[j] = x;
            }

            for (var v = u; v < 16; v++)
            {
                var sum = Privacy.Rational.Zero;
                for (var j = 0; j < r; j++)
                {
                    var vj = int.PopCount(_basis[j] & v);
                    if (vj > 0)
                    {
                        sum += row[j] * vj;
                    }
                }

                _forms[u, v] = _forms[v, u] = sum.ToDouble();
            }
        }
    }

    /// <summary>The rank of M: how many independent stage combinations the tables measure here.</summary>
    public int Rank => _basis.Length;

    /// <summary>u' M^+ v for stage vectors given as 0/1 masks (exact, rounded once).</summary>
    public double Form(int u, int v) => _forms[u & 15, v & 15];

    /// <summary>Whether the 0/1 stage vector <paramref name="stages"/> lies in the range of M (exact).</summary>
    public bool InRange(int stages) => Basis([.. _basis, stages]).Length == _basis.Length;

    // The group vectors that are independent of the ones before them: each is kept when it raises the
    // rank, computed exactly.
    private static int[] Basis(IEnumerable<int> groups)
    {
        var kept = new List<int>();
        foreach (var g in groups.Distinct())
        {
            if (RankOf([.. kept, g]) > kept.Count)
            {
                kept.Add(g);
            }
        }

        return [.. kept];
    }

    // The rank of 0/1 row vectors (4 columns), by Gaussian elimination in exact integer arithmetic
    // (fraction-free: a row is replaced by a combination with integer factors; entries stay tiny).
    private static int RankOf(IReadOnlyList<int> rows)
    {
        var m = rows.Select(g => Enumerable.Range(0, 4).Select(i => (long)(g >> i & 1)).ToArray()).ToList();
        var rank = 0;
        for (var c = 0; c < 4 && rank < m.Count; c++)
        {
            var p = m.FindIndex(rank, r => r[c] != 0);
            if (p < 0)
            {
                continue;
            }

            (m[rank], m[p]) = (m[p], m[rank]);
            for (var i = rank + 1; i < m.Count; i++)
            {
                if (m[i][c] != 0)
                {
                    var (a, b) = (m[rank][c], m[i][c]);
                    for (var j = 0; j < 4; j++)
                    {
                        m[i][j] = m[i][j] * a - m[rank][j] * b;
                    }
                }
            }

            rank++;
        }

        return rank;
    }

    // A^-1 by Gauss-Jordan elimination in exact rationals (A is positive definite, at most 4 x 4).
    private static Privacy.Rational[,] ExactInverse(Privacy.Rational[,] a)
    {
        var n = a.GetLength(0);
        var m = new Privacy.Rational[n, 2 * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < 2 * n; j++)
            {
                m[i, j] = j < n ? a[i, j] : j - n == i ? Privacy.Rational.One : Privacy.Rational.Zero;
            }
        }

        for (var c = 0; c < n; c++)
        {
            var p = c;
            while (m[p, c].Sign == 0)
            {
                p++; // positive definite: a non-zero pivot exists below
            }

            for (var j = 0; j < 2 * n; j++)
            {
                (m[c, j], m[p, j]) = (m[p, j], m[c, j]);
            }

            var pivot = m[c, c];
            for (var j = 0; j < 2 * n; j++)
            {
                m[c, j] /= pivot;
            }

            for (var i = 0; i < n; i++)
            {
                if (i != c && m[i, c].Sign != 0)
                {
                    var f = m[i, c];
                    for (var j = 0; j < 2 * n; j++)
                    {
                        m[i, j] -= f * m[c, j];
                    }
                }
            }
        }

        var inverse = new Privacy.Rational[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                inverse[i, j] = m[i, n + j];
            }
        }

        return inverse;
    }

    // The exact value of a finite double: its integer mantissa times a power of two (IEEE 754).
    private static Privacy.Rational Exact(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)(bits >> 52 & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        var power = exponent - 1075;
        var value = power >= 0
            ? new Privacy.Rational(new System.Numerics.BigInteger(mantissa) << power, 1)
            : new Privacy.Rational(mantissa, System.Numerics.BigInteger.One << -power);
        return x < 0 ? -value : value;
    }
}
