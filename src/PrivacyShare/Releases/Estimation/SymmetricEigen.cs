namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// Eigenvalues and eigenvectors of a small real symmetric matrix by the cyclic Jacobi method (Golub and
/// Van Loan, Matrix Computations, 4th ed., section 8.5): rotations that zero one off-diagonal entry at a
/// time until all are negligible. Accurate to rounding for the 4x4 stage matrices, and a few small loops.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>The eigenvalues of symmetric <paramref name="a"/> and, in the columns of the second array, their unit eigenvectors.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] a)
    {
        var n = a.GetLength(0);
        var m = (double[,])a.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, norm = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    norm += m[i, j] * m[i, j];
                    off += i != j ? m[i, j] * m[i, j] : 0;
                }
            }

            if (off <= 1e-30 * norm || norm == 0)
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (m[p, q] == 0)
                    {
                        continue;
                    }

                    // The rotation (c, s) with tan(2 theta) = 2 m_pq / (m_qq - m_pp), by the stable formula (GvL 8.5.2).
                    var tau = (m[q, q] - m[p, p]) / (2 * m[p, q]);
                    var t = Math.Sign(tau == 0 ? 1 : tau) / (Math.Abs(tau) + Math.Sqrt(1 + tau * tau));
                    var c = 1 / Math.Sqrt(1 + t * t);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var (mkp, mkq) = (m[k, p], m[k, q]);
                        m[k, p] = c * mkp - s * mkq;
                        m[k, q] = s * mkp + c * mkq;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var (mpk, mqk) = (m[p, k], m[q, k]);
                        m[p, k] = c * mpk - s * mqk;
                        m[q, k] = s * mpk + c * mqk;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var (vkp, vkq) = (v[k, p], v[k, q]);
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = m[i, i];
        }

        return (values, v);
    }
}
