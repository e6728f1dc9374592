using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// GLS estimates and 95% intervals from a release's noisy measurements (see <see cref="MarginalModel"/>
/// for the estimator and its source).
/// </summary>
/// <remarks>
/// <para>The estimate is unbiased for the count of the records the contribution bounds kept. The true
/// count of all records is larger by the bias sum_j lambda_j d_j, where d_j &gt;= 0 are the records left
/// out of measurement j and, for each bound, they add up to that bound's dropped count D. Over every
/// way D records can fall, the bias lies in [D min(0, min c), D max(0, max c)], where c is the query's
/// weight on a record of a given cell and stage (the sum of the weights of the measurements counting
/// it). D is published with noise per stage group, D_g, so each side uses an upper confidence bound on
/// sum_g c_g D_g: the published counts weighted, plus a one-sided bound on their weighted noise.</para>
/// <para>Coverage: the interval [E - h + U min(0, min c), E + h + U max(0, max c)] misses the true count
/// only if the noise exceeds h (probability at most <see cref="MarginalModel.AlphaNoise"/> = 4%) or some
/// bound on the left-out records falls short (at most <see cref="AlphaDropped"/> = 1% in all), so it
/// covers with probability at least 95%. It does not cover records beyond twice a bound for one person, which no measurement counts.</para>
/// </remarks>
internal sealed class GlsEstimator
{
    /// <summary>The share of the 5% error the dropped-records bounds use together.</summary>
    public const double AlphaDropped = 0.01;

    private readonly Dictionary<int, double[]>[] _marginals; // per table, per mask of its column positions

    /// <summary>An estimator over <paramref name="measurements"/> (per table: cell-major, then group).</summary>
    public GlsEstimator(MarginalModel model, IReadOnlyList<double[]> measurements, IReadOnlyList<DroppedMeasurement> dropped)
    {
        Model = model;
        Dropped = [.. dropped];
        _marginals = [.. model.Tables.Select((t, i) => Marginals(t, measurements[i]))];
    }

    /// <summary>The design.</summary>
    public MarginalModel Model { get; }

    /// <summary>The dropped-records measurements, by class.</summary>
    public ImmutableArray<DroppedMeasurement> Dropped { get; }

    /// <summary>The estimate and interval of <paramref name="q"/>, which must be estimable.</summary>
    public GlsAnswer Answer(MarginalQuery q)
    {
        var weights = Model.Weights(q);
        var estimate = Estimate(q, weights);
        var h = Model.NoiseHalfWidth(weights);
        var (below, above) = Allowance(Ranges(q, weights));
        return new GlsAnswer(estimate, Math.Sqrt(Model.Variance(q)), h, estimate - h + below, estimate + h + above);
    }

    /// <summary>The GLS estimate of <paramref name="q"/>: the weights times the measurements.</summary>
    public double Estimate(MarginalQuery q, ImmutableArray<GlsWeight> weights)
    {
        var sum = 0.0;
        foreach (var w in weights)
        {
            sum += w.Lambda * PatternSum(q, w.Table, w.Pattern, w.Group);
        }

        return sum;
    }

    /// <summary>
    /// Per dropped-records class and group: the range, over the cells and stages the query can touch, of
    /// the weight its estimate puts on one record there (see remarks). A record in no measurement the
    /// query weighs has weight 0, which every range holds.
    /// </summary>
    public (double Min, double Max)[][] Ranges(MarginalQuery q, ImmutableArray<GlsWeight> weights)
    {
        var attributes = MarginalModel.Attributes(q.Mask);

        // c[k][g]: the range, over the cells and stages of group g of dropped class k that the query can
        // touch, of the weight the estimate puts on one record there.
        var ranges = Dropped.Select(d => new (double Min, double Max)[d.Groups.Length]).ToArray();
        for (var pattern = 0; pattern < 1 << attributes.Length; pattern++)
        {
            if (!Feasible(q, attributes, pattern))
            {
                continue;
            }

            for (var stage = 0; stage < 4; stage++)
            {
                var c = new double[Dropped.Length];
                foreach (var w in weights)
                {
                    var table = Model.Tables[w.Table];
                    if ((table.Groups[w.Group] >> stage & 1) == 1 && Restrict(attributes, pattern, q.Mask & table.Mask) == w.Pattern)
                    {
                        c[table.DroppedClass] += w.Lambda;
                    }
                }

                for (var k = 0; k < c.Length; k++)
                {
                    var g = GroupOf(Dropped[k], stage);
                    if (g >= 0)
                    {
                        ranges[k][g] = (Math.Min(ranges[k][g].Min, c[k]), Math.Max(ranges[k][g].Max, c[k]));
                    }
                }
            }
        }

        return ranges;
    }

    /// <summary>
    /// How far below and above the estimate the bounds' bias can put the true count, given the weight
    /// ranges of <see cref="Ranges"/> (of one block, or merged over several: the left-out records of a
    /// class add up to its count wherever they fall).
    /// </summary>
    public (double Below, double Above) Allowance((double Min, double Max)[][] ranges)
    {
        // For each class, the bias lies between sum_g cmin_g D_g and sum_g cmax_g D_g. With D_g = D^_g - X_g,
        // each side is bounded by the published counts plus a one-sided bound on a weighted sum of their
        // noises; every side in use gets an equal share of AlphaDropped.
        var sides = ranges.Sum(r => (r.Any(x => x.Min < -1e-12) ? 1 : 0) + (r.Any(x => x.Max > 1e-12) ? 1 : 0));
        double below = 0, above = 0;
        for (var k = 0; k < ranges.Length; k++)
        {
            var d = Dropped[k];
            var low = ranges[k].Select(x => Math.Min(0, x.Min)).ToArray();
            var high = ranges[k].Select(x => Math.Max(0, x.Max)).ToArray();
            if (high.Any(x => x > 1e-12))
            {
                above += Math.Max(0, high.Select((c, g) => c * d.Noisy[g]).Sum() + OneSided(d.Scale, d.Count, high, AlphaDropped / sides));
            }

            if (low.Any(x => x < -1e-12))
            {
                below -= Math.Max(0, low.Select((c, g) => -c * d.Noisy[g]).Sum() + OneSided(d.Scale, d.Count, [.. low.Select(c => -c)], AlphaDropped / sides));
            }
        }

        return (below, above);
    }

    private static int GroupOf(DroppedMeasurement d, int stage)
    {
        for (var g = 0; g < d.Groups.Length; g++)
        {
            if ((d.Groups[g] >> stage & 1) == 1)
            {
                return g;
            }
        }

        return -1;
    }

    // The smallest t with P(sum_g c_g X_g > t) <= alpha, for independent discrete Laplace X_g of one scale
    // and weights c_g >= 0: exact for one weight (t = c OneSidedBound), else from the exact distribution
    // of the sum, which is symmetric (P(|Z| > h) <= 2 alpha gives P(Z > h) <= alpha).
    private double OneSided(double scale, int count, double[] weights, double alpha)
    {
        var used = weights.Where(c => c > 1e-12).ToArray();
        if (used.Length == 1 && count == 1)
        {
            return used[0] * NoiseSum.OneSidedBound(scale, alpha);
        }

        var key = $"{scale:R}|{count}|{alpha:R}|{string.Join(',', used.Select(c => Math.Round(c, 10).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}";
        return _oneSided.GetOrAdd(key, _ => NoiseSum.HalfWidth([.. used.Select(c => new NoiseTerm(c, count, scale))], 2 * alpha));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _oneSided = new(StringComparer.Ordinal);

    private bool Feasible(MarginalQuery q, int[] attributes, int pattern)
    {
        for (var i = 0; i < attributes.Length; i++)
        {
            var k = q.CountOf(attributes[i]);
            if ((pattern >> i & 1) == 1 ? k == 0 : k == Model.Sizes[attributes[i]])
            {
                return false;
            }
        }

        return true;
    }

    // The bits of a pattern over the query's attributes that fall on the attributes in sharedMask.
    private static int Restrict(int[] attributes, int pattern, int sharedMask)
    {
        int result = 0, bit = 0;
        for (var i = 0; i < attributes.Length; i++)
        {
            if ((sharedMask >> attributes[i] & 1) == 1)
            {
                result |= (pattern >> i & 1) << bit++;
            }
        }

        return result;
    }

    // The sum of table t's group-g measurements over the cells whose shared attributes are in (bit 1)
    // or out of (bit 0) the query's selection: inclusion-exclusion over the "out" attributes,
    // sum over T in Out of (-1)^|T| (selected sum over In and T).
    private double PatternSum(MarginalQuery q, int t, int pattern, int group)
    {
        var table = Model.Tables[t];
        var shared = MarginalModel.Attributes(q.Mask & table.Mask);
        int inMask = 0, outMask = 0;
        for (var i = 0; i < shared.Length; i++)
        {
            if ((pattern >> i & 1) == 1)
            {
                inMask |= 1 << shared[i];
            }
            else
            {
                outMask |= 1 << shared[i];
            }
        }

        var sum = 0.0;
        foreach (var subset in MarginalModel.Subsets(outMask))
        {
            var term = SelectedSum(q, t, inMask | subset, group);
            sum += (System.Numerics.BitOperations.PopCount((uint)subset) & 1) == 1 ? -term : term;
        }

        return sum;
    }

    // Table t's group-g measurements summed over every cell whose values of the attributes in mask are selected.
    private double SelectedSum(MarginalQuery q, int t, int mask, int group)
    {
        var table = Model.Tables[t];
        var positions = Enumerable.Range(0, table.Attributes.Length).Where(p => (mask >> table.Attributes[p] & 1) == 1).ToArray();
        var positionMask = positions.Aggregate(0, (m, p) => m | 1 << p);
        var tensor = _marginals[t][positionMask];
        var groups = table.Groups.Length;
        var sum = 0.0;
        void Walk(int depth, int index)
        {
            if (depth == positions.Length)
            {
                sum += tensor[index * groups + group];
                return;
            }

            var attribute = table.Attributes[positions[depth]];
            foreach (var v in q.ValuesOf(attribute))
            {
                Walk(depth + 1, index * Model.Sizes[attribute] + v);
            }
        }

        Walk(0, 0);
        return sum;
    }

    // Every marginal of one table's measurements: for each subset of its columns, the sums over the others.
    private Dictionary<int, double[]> Marginals(MarginalTable table, double[] y)
    {
        var sizes = table.Attributes.Select(a => Model.Sizes[a]).ToArray();
        var groups = table.Groups.Length;
        var cells = y.Length / groups;
        var result = new Dictionary<int, double[]>();
        var masks = Enumerable.Range(0, 1 << sizes.Length).ToArray();
        foreach (var mask in masks)
        {
            var length = 1;
            for (var p = 0; p < sizes.Length; p++)
            {
                length *= (mask >> p & 1) == 1 ? sizes[p] : 1;
            }

            result[mask] = new double[length * groups];
        }

        var values = new int[sizes.Length];
        for (var cell = 0; cell < cells; cell++)
        {
            var rest = cell;
            for (var p = sizes.Length - 1; p >= 0; p--)
            {
                values[p] = rest % sizes[p];
                rest /= sizes[p];
            }

            foreach (var mask in masks)
            {
                var index = 0;
                for (var p = 0; p < sizes.Length; p++)
                {
                    if ((mask >> p & 1) == 1)
                    {
                        index = index * sizes[p] + values[p];
                    }
                }

                var target = result[mask];
                for (var g = 0; g < groups; g++)
                {
                    target[index * groups + g] += y[cell * groups + g];
                }
            }
        }

        return result;
    }
}
