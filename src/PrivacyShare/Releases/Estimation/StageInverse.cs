using System.Numerics;

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
/// factorization). U'MU is at most 4 x 4 and positive definite; it is inverted exactly, as its adjugate
/// over its determinant in integers (each double weight is an integer times a power of two), so no spread
/// of the weights loses precision, and each form u'M^+v is rounded once.
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
        // weight is its double's integer mantissa times a power of two, so A = 2^E A' with A' a matrix of
        // integers (E the least exponent), and no spread of the weights can lose a direction.
        var exact = terms.Select(t => Exact(t.Weight)).ToArray();
        var least = exact.Min(x => x.Exponent);
        var a = new BigInteger[r, r];
        for (var t = 0; t < exact.Length; t++)
        {
            var w = exact[t].Mantissa << (exact[t].Exponent - least);
            var group = terms[t].Group;
            for (var i = 0; i < r; i++)
            {
                var ui = int.PopCount(_basis[i] & group);
                for (var j = 0; j < r && ui > 0; j++)
                {
                    a[i, j] += w * (ui * int.PopCount(_basis[j] & group));
                }
            }
        }

        // A^-1 = 2^-E adj(A') / det(A'), the adjugate and the determinant by cofactors (A' is at most 4 x 4
        // and positive definite), in integers: Gauss-Jordan in rationals reduced every entry by a greatest
        // common divisor at every step (2.8 of a verification's 31 ms of CPU, issue #22); the value is the same.
        // u'M^+v = sum_ij (u'b_i) (A^-1)_ij (b_j'v) is then an integer over det(A') 2^E, reduced and rounded
        // once: with weights far apart, M^+ has entries of both signs near 1/(smallest weight), and a sum of
        // rounded entries would cancel to noise.
        var all = Enumerable.Range(0, r).ToArray();
        var determinant = Determinant(a, all, all);
        var adjugate = new BigInteger[r, r];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < r; j++)
            {
                var cofactor = Determinant(a, [.. all.Where(k => k != j)], [.. all.Where(k => k != i)]);
                adjugate[i, j] = (i + j) % 2 == 0 ? cofactor : -cofactor;
            }
        }

        var denominator = least >= 0 ? determinant << least : determinant;
        var shift = least >= 0 ? 0 : -least;

        // Per u, the row x_j = sum_i (u'b_i) adj_ij first, then sum_j x_j (b_j'v): the same integer in a
        // fifth of the products. A^-1 is symmetric, so each pair is computed once.
        var row = new BigInteger[r];
        for (var u = 1; u < 16; u++)
        {
            for (var j = 0; j < r; j++)
            {
                var x = BigInteger.Zero;
                for (var i = 0; i < r; i++)
                {
                    var ui = int.PopCount(_basis[i] & u);
                    if (ui > 0)
                    {
                        x += adjugate[i, j] * ui;
                    }
                }

                row[j] = x;
            }

            for (var v = u; v < 16; v++)
            {
                var sum = BigInteger.Zero;
                for (var j = 0; j < r; j++)
                {
                    var vj = int.PopCount(_basis[j] & v);
                    if (vj > 0)
                    {
                        sum += row[j] * vj;
                    }
                }

                _forms[u, v] = _forms[v, u] = new Privacy.Rational(sum << shift, denominator).ToDouble();
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

    // The determinant of the submatrix of a on these rows and columns, by cofactors along its first row:
    // at most 4 x 4 here, so a few dozen products of integers, none of them divided.
    private static BigInteger Determinant(BigInteger[,] a, int[] rows, int[] columns)
    {
        if (rows.Length == 0)
        {
            return BigInteger.One;
        }

        if (rows.Length == 1)
        {
            return a[rows[0], columns[0]];
        }

        var sum = BigInteger.Zero;
        int[] below = [.. rows.Skip(1)];
        for (var k = 0; k < columns.Length; k++)
        {
            var entry = a[rows[0], columns[k]];
            if (!entry.IsZero)
            {
                var minor = entry * Determinant(a, below, [.. columns.Where((_, c) => c != k)]);
                sum += k % 2 == 0 ? minor : -minor;
            }
        }

        return sum;
    }

    // The exact value of a finite double: its integer mantissa times a power of two (IEEE 754).
    private static (BigInteger Mantissa, int Exponent) Exact(double x)
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

        return (x < 0 ? -mantissa : mantissa, exponent - 1075);
    }
}
