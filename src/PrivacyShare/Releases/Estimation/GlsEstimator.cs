using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// GLS estimates and 95% intervals from a release's noisy measurements (see <see cref="MarginalModel"/>
/// for the estimator and its source).
/// </summary>
/// <remarks>
/// <para>The estimate is unbiased for the count of the records the contribution bounds kept. The true
/// count of all records is larger by the bias sum_j lambda_j d_j, where d_j &gt;= 0 are the records left
/// out of measurement j and, for each bound (and, in a calendar, each release), they add up to that
/// bound's dropped count D. Over every way D records can fall among the cells where they can lie, the
/// bias lies in [D min(0, min c), D max(0, max c)], where c is the query's weight on a record of a given
/// cell and stage (the sum of the weights of the measurements counting it). D is published with noise
/// per stage group, D_g, so each side uses an upper confidence bound on sum c_g D_g over every count:
/// the published counts weighted, plus one one-sided bound on their weighted noise.</para>
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

    /// <summary>
    /// An estimator over <paramref name="measurements"/> (per table: cell-major, then group).
    /// <paramref name="period"/> is the model's period attribute (-1 without one) and
    /// <paramref name="periods"/> maps its values to the release's (null: the same), so that a calendar
    /// release's left-out records weigh only where their periods are.
    /// </summary>
    public GlsEstimator(MarginalModel model, IReadOnlyList<double[]> measurements, IReadOnlyList<DroppedMeasurement> dropped, int period = -1, int[]? periods = null)
    {
        Model = model;
        Dropped = [.. dropped];
        _period = period;
        _periods = periods;
        _periodsMatter = period >= 0 && Dropped.Any(d => !d.Periods.IsDefaultOrEmpty);
        _marginals = [.. model.Tables.Select((t, i) => Marginals(t, measurements[i]))];
    }

    private readonly int _period;
    private readonly int[]? _periods;
    private readonly bool _periodsMatter; // whether left-out records keep to their periods, so that an answer's allowance depends on the periods it selects

    /// <summary>The design.</summary>
    public MarginalModel Model { get; }

    /// <summary>The dropped-records measurements: each release's, per class.</summary>
    public ImmutableArray<DroppedMeasurement> Dropped { get; }

    /// <summary>The estimate and interval of <paramref name="q"/>, which must be estimable.</summary>
    public GlsAnswer Answer(MarginalQuery q)
    {
        var weights = Model.Weights(q);
        var estimate = Estimate(q, weights);
        var h = Model.NoiseHalfWidth(weights);
        var (deviation, below, above) = ShapeOf(q, weights);
        return new GlsAnswer(estimate, deviation, h, estimate - h + below, estimate + h + above);
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

    // What an answer owes its shape alone: the standard deviation and the allowance for left-out records.
    // Both depend on the query only as its weights do (its attributes, how many values of each, its
    // stages), and the allowance also on which periods it selects when left-out records keep to theirs
    // (Ranges' CanLie). Every cell of a table shares them, so they are computed once per shape, where a
    // verification computed them for each of its cells (about 2 of its 35 ms, issue #22).
    private (double Deviation, double Below, double Above) ShapeOf(MarginalQuery q, ImmutableArray<GlsWeight> weights)
    {
        var (array, periods) = ShapeKey(q, weights);
        if (_shapes.Count >= MaxShapes)
        {
            _shapes.Clear(); // a query session's many shapes (the model starts its weights over too)
        }

        var byPeriods = _shapes.GetOrAdd(array, static _ => new(StringComparer.Ordinal));
        if (byPeriods.TryGetValue(periods, out var known))
        {
            return known;
        }

        var (below, above) = Allowance(Ranges(q, weights));
        return byPeriods.GetOrAdd(periods, (Math.Sqrt(Model.Variance(q)), below, above));
    }

    private const int MaxShapes = 4096;

    /// <summary>
    /// What <paramref name="q"/>'s standard deviation and allowance depend on (see ShapeOf): its weights
    /// (one array per shape, compared by reference) and, when left-out records keep to their periods, the
    /// periods it selects. Queries with equal keys share them.
    /// </summary>
    public (object Weights, string Periods) ShapeKey(MarginalQuery q, ImmutableArray<GlsWeight> weights) =>
        (System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(weights)!,
         _periodsMatter && (q.Mask >> _period & 1) == 1 ? string.Join(',', q.ValuesOf(_period)) : "");

    /// <summary>Computes <paramref name="q"/>'s standard deviation and allowance into the cache, so that its <see cref="Answer"/> finds them.</summary>
    public void PrepareShape(MarginalQuery q) => ShapeOf(q, Model.Weights(q));

    // Keyed by the weights array itself (the model returns one array per shape), then the selected periods.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, System.Collections.Concurrent.ConcurrentDictionary<string, (double, double, double)>> _shapes = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Per dropped-records measurement and group: the range, over the cells and stages the query can
    /// touch where its left-out records can lie, of the weight the estimate puts on one record there
    /// (see remarks). A record in no measurement the query weighs has weight 0, which every range holds.
    /// </summary>
    public (double Min, double Max)[][] Ranges(MarginalQuery q, ImmutableArray<GlsWeight> weights)
    {
        var attributes = MarginalModel.Attributes(q.Mask);
        var at = Array.IndexOf(attributes, _period);

        // Which measurements' records can lie in cells of each pattern: those whose periods are in this
        // model and, when the query selects periods, on the pattern's side of the selection.
        bool CanLie(DroppedMeasurement d, int pattern)
        {
            if (d.Periods.IsDefaultOrEmpty)
            {
                return true;
            }

            foreach (var p in d.Periods)
            {
                var local = _periods is null ? p : Array.IndexOf(_periods, p);
                if (local >= 0 && (at < 0 || ((pattern >> at & 1) == 1) == q.ValuesOf(_period).Contains(local)))
                {
                    return true;
                }
            }

            return false;
        }

        var ranges = Dropped.Select(d => new (double Min, double Max)[d.Groups.Length]).ToArray();
        var classes = Dropped.IsEmpty ? 0 : Dropped.Max(d => d.Class) + 1;
        for (var pattern = 0; pattern < 1 << attributes.Length; pattern++)
        {
            if (!Feasible(q, attributes, pattern))
            {
                continue;
            }

            var lying = Dropped.Select(d => CanLie(d, pattern)).ToArray();
            for (var stage = 0; stage < 4; stage++)
            {
                // c[class]: the weight the estimate puts on one record of this pattern and stage.
                var c = new double[classes];
                foreach (var w in weights)
                {
                    var table = Model.Tables[w.Table];
                    if (table.DroppedClass >= 0 && (table.Groups[w.Group] >> stage & 1) == 1 && Restrict(attributes, pattern, q.Mask & table.Mask) == w.Pattern)
                    {
                        c[table.DroppedClass] += w.Lambda;
                    }
                }

                for (var k = 0; k < Dropped.Length; k++)
                {
                    var g = GroupOf(Dropped[k], stage);
                    if (g >= 0 && lying[k])
                    {
                        var x = c[Dropped[k].Class];
                        ranges[k][g] = (Math.Min(ranges[k][g].Min, x), Math.Max(ranges[k][g].Max, x));
                    }
                }
            }
        }

        return ranges;
    }

    /// <summary>
    /// How far below and above the estimate the bounds' bias can put the true count, given the weight
    /// ranges of <see cref="Ranges"/> (of one block, or merged over several: the left-out records of a
    /// measurement add up to its count wherever they fall).
    /// </summary>
    public (double Below, double Above) Allowance((double Min, double Max)[][] ranges)
    {
        // The bias lies between sum_k sum_g cmin_kg D_kg and sum_k sum_g cmax_kg D_kg. With D_kg = D^_kg - X_kg,
        // each side is bounded by the published counts weighted, plus a one-sided bound on the weighted sum
        // of all their noises (independent, of the measurements' scales) from its exact distribution: one
        // bound for every measurement together, which is tighter than one per measurement. Each side in use
        // gets an equal share of AlphaDropped.
        // A weight below 1e-9 is a rounding residue of the GLS solve (a record of a period the query does
        // not touch, weighed through decoupled normal equations): no record's bias, and left in it would
        // make an interval depend on which later releases exist.
        const double zero = 1e-9;
        var high = new List<(double Weight, double Scale, double Noisy)>();
        var low = new List<(double Weight, double Scale, double Noisy)>();
        for (var k = 0; k < ranges.Length; k++)
        {
            for (var g = 0; g < ranges[k].Length; g++)
            {
                var (min, max) = ranges[k][g];
                if (max > zero)
                {
                    high.Add((max, Dropped[k].Scale, Dropped[k].Noisy[g]));
                }

                if (min < -zero)
                {
                    low.Add((-min, Dropped[k].Scale, Dropped[k].Noisy[g]));
                }
            }
        }

        var alpha = AlphaDropped / Math.Max(1, (high.Count > 0 ? 1 : 0) + (low.Count > 0 ? 1 : 0));
        double Side(List<(double Weight, double Scale, double Noisy)> terms) =>
            terms.Count == 0 ? 0 : Math.Max(0, terms.Sum(t => t.Weight * t.Noisy) + OneSided(terms, alpha));
        return (-Side(low), Side(high));
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

    // The smallest t with P(sum_j c_j X_j > t) <= alpha, for independent discrete Laplace X_j of the given
    // scales and weights c_j > 0: exact for one term (t = c OneSidedBound), else from the exact
    // distribution of the sum, which is symmetric (P(|Z| > h) <= 2 alpha gives P(Z > h) <= alpha).
    private double OneSided(List<(double Weight, double Scale, double Noisy)> terms, double alpha)
    {
        if (terms.Count == 1)
        {
            return terms[0].Weight * NoiseSum.OneSidedBound(terms[0].Scale, alpha);
        }

        // One key per set of (weight to 10 places, scale): cells of a table mostly share it.
        var shape = new NoiseTerm[terms.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = new NoiseTerm(Math.Round(terms[i].Weight, 10), 1, terms[i].Scale);
        }

        Array.Sort(shape, NoiseKey.Compare);
        var key = new NoiseKey(shape, alpha);
        return _oneSided.GetOrAdd(key, _ => NoiseSum.HalfWidth([.. terms.Select(t => new NoiseTerm(t.Weight, 1, t.Scale))], 2 * alpha));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<NoiseKey, double> _oneSided = new();

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
        var positionMask = 0;
        for (var p = 0; p < table.Attributes.Length; p++)
        {
            positionMask |= (mask >> table.Attributes[p] & 1) << p;
        }

        var positions = MarginalModel.Attributes(positionMask); // the table's columns in mask, in order
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
