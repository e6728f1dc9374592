using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// Splits a release's total epsilon among its tables so that the weighted sum of the variances of
/// everything the tables publish is smallest.
/// </summary>
/// <remarks>
/// Table t publishes values whose noise variances add up to c_t / epsilon_t^2, where c_t = 2 B_t^2 k_t
/// / (1 - f)^2 for its bound B_t, k_t the number of measurements its published values sum (each cell's
/// measures, counting a measure once per stage group it adds) and f the dropped-records share: the
/// discrete Laplace of scale b has variance about 2 b^2, and b = B_t / ((1 - f) epsilon_t). Minimizing
/// sum_t w_t c_t / epsilon_t^2 subject to sum_t epsilon_t = E (Lagrange: 2 w_t c_t / epsilon_t^3 is the
/// same for every t) gives epsilon_t = E (w_t c_t)^(1/3) / sum_u (w_u c_u)^(1/3). The shares are rounded
/// down to millionths, exactly, and the largest table takes the remainder, so they add up to E exactly.
/// </remarks>
internal static class BudgetSplit
{
    public static Rational[] Split(Rational total, IReadOnlyList<double> weights, IReadOnlyList<double> costs)
    {
        var roots = weights.Zip(costs, (w, c) => Math.Cbrt(w * c)).ToArray();
        var sum = roots.Sum();
        var totalValue = total.ToDouble();
        var result = roots.Select(r => new Rational((long)Math.Floor(totalValue * r / sum * 1_000_000), 1_000_000)).ToArray();
        var largest = Array.IndexOf(roots, roots.Max());
        result[largest] = total - PrivacyAccounting.Compose(result.Where((_, i) => i != largest));
        return result;
    }
}
