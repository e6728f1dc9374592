using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>
/// The display values of one parent cell: the GLS estimates projected onto the non-negative numbers
/// adding up to the parent's value, rounded by largest remainder. Held to a brute-force search for the
/// nearest non-negative integer vector with that sum.
/// </summary>
public sealed class DisplayRoundingTests
{
    [Fact]
    public void TheResult_KeepsTheSum_IsNonNegative_AndIsTheNearestIntegerPoint()
    {
        var random = new Random(20261206);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var n = random.Next(1, 5);
            var estimates = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 30 - 8).ToArray();
            var total = random.Next(0, 25);

            var rounded = DisplayRounding.ProjectAndRound(estimates, total);

            Assert.Equal(total, rounded.Sum());
            Assert.All(rounded, v => Assert.True(v >= 0));
            Assert.Equal(Nearest(estimates, total), Distance(rounded, estimates), 9);
        }
    }

    [Fact]
    public void EstimatesThatAlreadyFit_AreKept()
    {
        Assert.Equal([3, 0, 7], DisplayRounding.ProjectAndRound([3, 0, 7], 10));
        Assert.Equal([3, 0, 7], DisplayRounding.ProjectAndRound([3.2, -0.4, 6.9], 10));
    }

    [Fact]
    public void ANegativeEstimate_BecomesZero_AndTheOthersCarryTheParent()
    {
        var rounded = DisplayRounding.ProjectAndRound([-5, 4, 4], 10);

        Assert.Equal([0L, 5, 5], rounded);
    }

    [Fact]
    public void AZeroParent_GivesZeros() => Assert.Equal([0L, 0, 0], DisplayRounding.ProjectAndRound([4, -2, 9], 0));

    // The least squared distance from the estimates to any non-negative integer vector with the sum.
    private static double Nearest(double[] estimates, int total)
    {
        var best = double.MaxValue;
        void Search(int i, int left, long[] z)
        {
            if (i == z.Length - 1)
            {
                z[i] = left;
                best = Math.Min(best, Distance(z, estimates));
                return;
            }

            for (var v = 0; v <= left; v++)
            {
                z[i] = v;
                Search(i + 1, left - v, z);
            }
        }

        Search(0, total, new long[estimates.Length]);
        return best;
    }

    private static double Distance(long[] z, double[] v) => z.Select((x, i) => (x - v[i]) * (x - v[i])).Sum();

    [Fact]
    public void ProjectAndRound_EqualShares_AreBrokenByPosition_NotByRoundingResidues()
    {
        // Three cells moved by one shared adjustment, as a table's cells of one period are: equal
        // fractional parts up to 1e-14, which a solve over more periods changes. The extra units must go
        // by position whatever the residues, so that an earlier period's values never change.
        long[] expected = [2, 2, 1];
        Assert.Equal(expected, DisplayRounding.ProjectAndRound([1.5 - 1e-14, 1.5, 1.5 + 1e-14], 5));
        Assert.Equal(expected, DisplayRounding.ProjectAndRound([1.5 + 1e-14, 1.5, 1.5 - 1e-14], 5));
    }
}
