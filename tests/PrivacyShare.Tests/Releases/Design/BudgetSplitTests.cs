using PrivacyShare.Privacy;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Tests.Releases.Design;

/// <summary>
/// The budget split: exact shares that add up to the total, each the minimizer of the weighted sum of
/// the tables' noise variances, sum_t w_t c_t / epsilon_t^2 subject to sum_t epsilon_t = E.
/// </summary>
public sealed class BudgetSplitTests
{
    public static TheoryData<string, double[], double[]> Cases => new()
    {
        { "1", [1, 2000], [4.0 * 36 * 21 * 2, 1.0 * 1 * 3 * 1] }, // the example spec's monthly and removals tables
        { "1/3", [1, 1, 1], [1, 8, 27] },
        { "7/10", [5, 0.5, 1, 3], [100, 1, 4000, 9] },
        { "100", [1], [42] },
        { "0.000001", [1, 1], [1, 1] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheShares_AddUpToTheTotal_Exactly(string total, double[] weights, double[] costs)
    {
        var e = Rational.Parse(total);

        var shares = BudgetSplit.Split(e, weights, costs);

        Assert.Equal(e, shares.Aggregate(Rational.Zero, (a, b) => a + b));
        Assert.All(shares, s => Assert.True(s.Sign >= 0));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheShares_MeetTheLagrangeCondition_AndNoTransferLowersTheVariance(string total, double[] weights, double[] costs)
    {
        var e = Rational.Parse(total).ToDouble();
        var shares = BudgetSplit.Split(Rational.Parse(total), weights, costs).Select(s => s.ToDouble()).ToArray();
        double Objective(double[] eps) => eps.Select((x, t) => weights[t] * costs[t] / (x * x)).Sum();
        if (shares.Length == 1 || shares.Min() < 1e-5)
        {
            Assert.Equal(e, shares.Sum(), 12);
            return; // one table, or shares at the millionth grid's resolution: nothing to trade
        }

        // The optimum's first-order condition: 2 w_t c_t / epsilon_t^3 is the same for every table
        // (up to the rounding of each share to millionths).
        var marginal = shares.Select((x, t) => 2 * weights[t] * costs[t] / (x * x * x)).ToArray();
        Assert.True(marginal.Max() / marginal.Min() < 1 + 3e-6 * shares.Length / shares.Min(), string.Join(", ", marginal));

        // Moving 1% of the smaller share from any table to any other never lowers the objective.
        var best = Objective(shares);
        for (var i = 0; i < shares.Length; i++)
        {
            for (var j = 0; j < shares.Length; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var moved = (double[])shares.Clone();
                var delta = 0.01 * Math.Min(shares[i], shares[j]);
                moved[i] -= delta;
                moved[j] += delta;
                Assert.True(Objective(moved) >= best * (1 - 1e-9), $"moving {delta} from table {i} to {j} lowers the variance");
            }
        }
    }

    [Fact]
    public void AHeavierWeight_GetsMoreEpsilon_ByTheCubeRoot()
    {
        // Equal costs, weights 1 and 8: epsilons in the ratio 1 : 2 (the cube root of 8).
        var shares = BudgetSplit.Split(new Rational(3, 1), [1, 8], [5, 5]);

        Assert.Equal(new Rational(1, 1), shares[0]);
        Assert.Equal(new Rational(2, 1), shares[1]);
    }
}
