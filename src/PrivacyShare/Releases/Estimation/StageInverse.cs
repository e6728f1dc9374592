namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The Moore-Penrose pseudo-inverse of a 4x4 symmetric positive semi-definite stage matrix M_R, and the
/// projector onto its range (which stage combinations the tables identify on that subspace).
/// </summary>
/// <remarks>
/// From the eigendecomposition M = V diag(d) V': M^+ = V diag(1/d_i for d_i &gt; 0) V', and the range
/// projector V diag(1 for d_i &gt; 0) V' (Golub and Van Loan, Matrix Computations, 4th ed., 5.5.2). A
/// query c on the subspace is estimable exactly when c lies in the range (Kay, Fundamentals of
/// Statistical Signal Processing: Estimation Theory, 1993, 6.4).
/// </remarks>
internal sealed class StageInverse
{
    // Eigenvalues below this share of the largest are zero: M_R is a sum of 0/1 Gram matrices with
    // positive weights, so true non-zero eigenvalues are far above rounding noise.
    private const double RelativeTolerance = 1e-10;

    private readonly double[,] _inverse = new double[4, 4];
    private readonly double[,] _range = new double[4, 4];

    public StageInverse(double[,] m)
    {
        var (values, vectors) = SymmetricEigen.Decompose(m);
        var largest = values.Max(Math.Abs);
        for (var k = 0; k < 4; k++)
        {
            if (largest <= 0 || values[k] <= largest * RelativeTolerance)
            {
                continue;
            }

            for (var i = 0; i < 4; i++)
            {
                for (var j = 0; j < 4; j++)
                {
                    var outer = vectors[i, k] * vectors[j, k];
                    _inverse[i, j] += outer / values[k];
                    _range[i, j] += outer;
                }
            }
        }
    }

    /// <summary>u' M^+ v for stage vectors given as 0/1 masks.</summary>
    public double Form(int u, int v)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            if ((u >> i & 1) == 0)
            {
                continue;
            }

            for (var j = 0; j < 4; j++)
            {
                if ((v >> j & 1) == 1)
                {
                    sum += _inverse[i, j];
                }
            }
        }

        return sum;
    }

    /// <summary>Whether the 0/1 stage vector <paramref name="stages"/> lies in the range of M.</summary>
    public bool InRange(int stages)
    {
        for (var i = 0; i < 4; i++)
        {
            var projected = 0.0;
            for (var j = 0; j < 4; j++)
            {
                projected += _range[i, j] * (stages >> j & 1);
            }

            if (Math.Abs(projected - (stages >> i & 1)) > 1e-6)
            {
                return false;
            }
        }

        return true;
    }
}
