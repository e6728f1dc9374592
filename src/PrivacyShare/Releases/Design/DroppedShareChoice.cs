using System.Collections.Immutable;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// The dropped shares a spec's <c>"dropped_share": "auto"</c> chose, one per table: each among 0.05 to
/// 0.20 in steps of 0.01, together the ones that make the published intervals narrowest, by the same
/// weights that split the budget, without making any table's estimates noisier than the default 0.2.
/// </summary>
/// <remarks>
/// <para>A table's share s of its epsilon pays for its dropped-records count. It widens the table's noise
/// (its measurements get 1 - s of its epsilon, so a cell's noise half-width h grows like 1 / (1 - s))
/// and narrows the allowance for left-out records of every table the count serves (the count's epsilon
/// is the sum of its tables' s x epsilon, and the bound t on its noise shrinks in proportion). The width
/// of a cell's interval for the true count is 2h + t + D, where D, the left-out records the allowance
/// adds, does not depend on the shares: the choice needs no data and spends nothing. A reader uses both
/// published intervals, so the objective adds, per table and measure, the squared widths of one cell's
/// noise interval (2h) and interval for the true count (2h + t), times the table's weight (1 for tables
/// with their own epsilon): the budget split's weighted variances, in widths. A table whose own noise
/// matters more than the allowance it gets goes below 0.2; the others stay at the cap.</para>
/// <para>t is the one-sided bound the estimator uses (<see cref="GlsEstimator.AlphaDropped"/>) on the
/// summed noise of the counts a cell's allowance draws on: the count's stage groups the measure covers,
/// times the months for a table without months when the count is kept per month. It is computed exactly
/// once per table and measure at the default share and scaled with the count's scale, as h is; the
/// published intervals are computed exactly from the chosen design, and <c>plan</c> prints them. The
/// shares are found by coordinate descent from 0.2: each table's best share with the others fixed, in
/// turn, until none moves. Tables that refuse records beyond their bound do not enter.</para>
/// <para>Why never above 0.2: a larger share buys a narrower interval for the true count with noisier
/// estimates. On the example, letting shares reach 0.5 chose 0.36 for monthly: over 200 releases the
/// monthly interval for the true count fell from 36.4% to 30.8% of the true count, but the noise
/// interval grew from 13.9% to 17.4%, and the median error of arrests by month from 2.2% to 2.7% (IDENT
/// matches by month 17.0% to 21.7%, district x race 4.7% to 7.3%). The estimate is what a reader quotes,
/// so auto does not trade it away; a records unit that wants the trade gives a share (docs/releases.md
/// tabulates it). Below 0.2 a table's estimates get less noisy and every interval its count serves
/// wider: auto goes there only where the objective says it pays.</para>
/// </remarks>
/// <param name="Shares">Per table (in the spec's order): its chosen share, or null for a table that refuses records beyond its bound.</param>
/// <param name="Widths">Per table and measure: the expected width of one cell's interval for the true count (2h + t, without D) at the chosen shares and at the default 0.2.</param>
internal sealed record DroppedShareChoice(ImmutableArray<Rational?> Shares, ImmutableArray<(string Table, Measure Measure, double Chosen, double AtDefault)> Widths)
{
    /// <summary>The share a spec without <c>dropped_share</c> uses.</summary>
    public static readonly Rational Default = new(1, 5);

    private const int Lowest = 5, Highest = 20; // hundredths: never above the default (see remarks)

    /// <summary>
    /// The shares for <paramref name="declared"/> (see remarks); <paramref name="probe"/> is their design at
    /// <see cref="Default"/>; <paramref name="highest"/> (hundredths) lets a caller see the choice by width alone.
    /// </summary>
    public static DroppedShareChoice Choose(IReadOnlyList<DeclaredTable> declared, ReleaseDesign probe, int highest = Highest)
    {
        var s0 = Default.ToDouble();
        var tables = probe.Tables;
        var terms = new List<(int Table, Measure Measure, double Weight, double TwoH0, int Class, double T0)>();
        for (var i = 0; i < tables.Length; i++)
        {
            var t = tables[i];
            if (t.Dropped < 0)
            {
                continue;
            }

            var c = probe.Dropped[t.Dropped];
            var perPeriod = c.PeriodAttribute >= 0 && !t.Attributes.Contains(c.PeriodAttribute) ? c.Periods : 1;
            for (var m = 0; m < t.Measures.Length; m++)
            {
                var stages = Stages.Of(t.Measures[m], t.Events);
                var count = (long)c.Groups.Count(g => (g & stages) != StageSet.None) * perPeriod;
                var t0 = NoiseSum.HalfWidth([new NoiseTerm(1, count, c.Scale.ToDouble())], 2 * GlsEstimator.AlphaDropped);
                terms.Add((i, t.Measures[m], (double)declared[i].Weight, 2 * probe.HalfWidths[i].Cell[m], t.Dropped, t0));
            }
        }

        // Each count's epsilon at the default share, and each table's part of it per unit of share.
        var epsilon = tables.Select(t => t.Epsilon.ToDouble()).ToArray();
        var classEpsilon0 = probe.Dropped.Select(c => c.Epsilon.ToDouble()).ToArray();
        double[] Widths(int[] hundredths, double[] into)
        {
            var classEpsilon = new double[classEpsilon0.Length];
            for (var i = 0; i < tables.Length; i++)
            {
                if (tables[i].Dropped >= 0)
                {
                    classEpsilon[tables[i].Dropped] += epsilon[i] * hundredths[i] / 100.0;
                }
            }

            for (var k = 0; k < terms.Count; k++)
            {
                var x = terms[k];
                var twoH = x.TwoH0 * (1 - s0) / (1 - (hundredths[x.Table] / 100.0));
                into[2 * k] = twoH;
                into[(2 * k) + 1] = twoH + (x.T0 * classEpsilon0[x.Class] / classEpsilon[x.Class]);
            }

            return into;
        }

        var buffer = new double[2 * terms.Count];
        double Objective(int[] hundredths)
        {
            var w = Widths(hundredths, buffer);
            return terms.Select((x, k) => x.Weight * ((w[2 * k] * w[2 * k]) + (w[(2 * k) + 1] * w[(2 * k) + 1]))).Sum();
        }

        var start = (int)Math.Round(s0 * 100);
        var shares = tables.Select(t => t.Dropped >= 0 ? start : 0).ToArray();
        for (var sweep = 0; sweep < 50; sweep++)
        {
            var moved = false;
            for (var i = 0; i < tables.Length; i++)
            {
                if (tables[i].Dropped < 0)
                {
                    continue;
                }

                var before = shares[i];
                var (best, bestValue) = (before, Objective(shares));
                for (var j = Lowest; j <= highest; j++)
                {
                    shares[i] = j;
                    if (Objective(shares) is var value && value < bestValue - 1e-9)
                    {
                        (best, bestValue) = (j, value);
                    }
                }

                moved |= best != before;
                shares[i] = best;
            }

            if (!moved)
            {
                break;
            }
        }

        var chosen = Widths(shares, new double[buffer.Length]);
        var atDefault = Widths([.. tables.Select(_ => start)], new double[buffer.Length]);
        return new DroppedShareChoice(
            [.. tables.Select((t, i) => t.Dropped >= 0 ? new Rational(shares[i], 100) : (Rational?)null)],
            [.. terms.Select((x, k) => (tables[x.Table].Name, x.Measure, chosen[(2 * k) + 1], atDefault[(2 * k) + 1]))]);
    }
}
