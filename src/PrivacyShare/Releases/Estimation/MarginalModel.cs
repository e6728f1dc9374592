using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The generalized least-squares (GLS) estimator of a release's tables, in closed form: which linear
/// queries it can estimate, their weights on the measurements, and their exact variance. Depends only
/// on the release's design (domains, tables, noise scales), never on data, so <c>plan</c> computes the
/// same figures before anything is measured.
/// </summary>
/// <remarks>
/// <para>Model. Let x be the vector of counts over the product of every attribute's domain and the four
/// stages. Table t measures y_t = A_t x + e_t, where A_t sums x over the attributes outside S_t (its
/// attributes) and over the stages of each of its groups (rows of G_t), and e_t has independent discrete
/// Laplace noise of variance v_t. The minimum-variance linear unbiased estimate of an estimable query
/// c'x is c' (A'WA)^+ A'W y with W = diag(1/v_t) (Gauss-Markov; Kay, Fundamentals of Statistical Signal
/// Processing I, sec. 6.5), and its variance is c' (A'WA)^+ c.</para>
/// <para>Structure. A_t'A_t is a Kronecker product: I on each attribute in S_t, J (all ones) on each
/// other attribute, and G_t'G_t on the stages. On each attribute I and J share eigenvectors: the
/// constant vector and its complement. So the attribute space splits into orthogonal subspaces V_R, one
/// per subset R of attributes (constant on attributes outside R, summing to zero along those in R), the
/// basis Barak et al. use for consistent marginals ("Privacy, accuracy, and consistency too", PODS 2007,
/// sec. 4), and A'WA acts on V_R (x) R^4 as the 4x4 matrix
/// M_R = sum over tables with R in S_t of (1/v_t) (product of n_a over a not in S_t) G_t'G_t.
/// Hence (A'WA)^+ = sum_R P_R (x) M_R^+, with P_R the projector onto V_R.</para>
/// <para>Queries. A query selects Q_a values of each attribute a in S and a stage vector s. Then
/// var = sum over R in S of [prod_(a in R) (|Q_a| - |Q_a|^2/n_a)] [prod_(a in S\R) |Q_a|^2/n_a]
/// [prod_(a not in S) n_a] s'M_R^+ s, the query is estimable iff s is in the range of M_R for every R
/// whose bracket is non-zero, and the weight of a measurement of table t, group g, is
/// (1/v_t) [prod_(a not in S_t) |Q_a|] sum over R in S and S_t of s'M_R^+ g
/// prod_(a in S_t) u_(R,a), with u = 1[in Q_a] - |Q_a|/n_a for a in R, |Q_a|/n_a for a in S \ R, 1 otherwise.
/// The weights depend on a cell only through whether each shared attribute's value is selected, so they
/// come in a few classes (<see cref="GlsWeight"/>). All of this costs a few 4x4 products per query.</para>
/// </remarks>
internal sealed class MarginalModel
{
    /// <summary>The share of the 5% error the noise may use; the dropped-records bounds use the rest (see <see cref="GlsEstimator"/>).</summary>
    public const double AlphaNoise = 0.04;

    private readonly ConcurrentDictionary<int, StageInverse> _inverses = new();
    // Lazy: threads that ask for one shape at once (a verification prepares its distributions while it
    // checks the files, then computes what is left on every core) wait for one computation, not each do it.
    private readonly ConcurrentDictionary<NoiseKey, Lazy<double>> _halfWidths = new();

    public MarginalModel(ImmutableArray<string> attributeNames, ImmutableArray<int> sizes, ImmutableArray<MarginalTable> tables)
    {
        AttributeNames = attributeNames;
        Sizes = sizes;
        Tables = tables;
    }

    /// <summary>The attributes, in model order.</summary>
    public ImmutableArray<string> AttributeNames { get; }

    /// <summary>Each attribute's domain size.</summary>
    public ImmutableArray<int> Sizes { get; }

    /// <summary>The tables.</summary>
    public ImmutableArray<MarginalTable> Tables { get; }

    /// <summary>The number of cells of table <paramref name="t"/>: the product of its attributes' domain sizes.</summary>
    public long CellsOf(int t) => Tables[t].Attributes.Aggregate(1L, (n, a) => checked(n * Sizes[a]));

    /// <summary>The query for one cell (<paramref name="cell"/> in row-major order over the table's attributes) of table <paramref name="t"/>, over <paramref name="stages"/>.</summary>
    public MarginalQuery CellQuery(int t, long cell, int stages)
    {
        var attributes = Tables[t].Attributes;
        var values = new ImmutableArray<int>[attributes.Length];
        for (var d = attributes.Length - 1; d >= 0; d--)
        {
            var n = Sizes[attributes[d]];
            values[d] = [(int)(cell % n)];
            cell /= n;
        }

        return new MarginalQuery(attributes, [.. values], stages);
    }

    /// <summary>The query's exact variance under the GLS estimate.</summary>
    public double Variance(MarginalQuery q)
    {
        var sum = 0.0;
        foreach (var r in Subsets(q.Mask))
        {
            var norm = ProjectedNorm(q, r);
            if (norm != 0)
            {
                sum += norm * Inverse(r).Form(q.Stages, q.Stages);
            }
        }

        return sum;
    }

    /// <summary>
    /// The half-width h with P(|noise of the GLS estimate| &gt; h) &lt;= <see cref="AlphaNoise"/>, from the
    /// exact distribution of the weighted discrete Laplace noises (<see cref="NoiseSum"/>). The one
    /// function behind the intervals of <c>plan</c>, the release and <c>query</c>.
    /// </summary>
    public double NoiseHalfWidth(MarginalQuery q) => NoiseHalfWidth(Weights(q));

    /// <inheritdoc cref="NoiseHalfWidth(MarginalQuery)"/>
    public double NoiseHalfWidth(ImmutableArray<GlsWeight> weights)
    {
        // The weights of every cell of one shape are one array (Weights keeps it): known at once.
        var array = ImmutableCollectionsMarshal.AsArray(weights)!;
        if (_halfWidthsByWeights.TryGetValue(array, out var known))
        {
            return known;
        }

        var width = HalfWidthOf(weights);
        _halfWidthsByWeights.TryAdd(array, width);
        return width;
    }

    private double HalfWidthOf(ImmutableArray<GlsWeight> weights)
    {
        var terms = weights.Select(w => new NoiseTerm(w.Lambda, w.Multiplicity, Tables[w.Table].Scale)).ToArray();
        // Cells of one table usually share their weights' shape: compute each shape once.
        var shape = terms.GroupBy(t => (t.Scale, Math.Round(t.Lambda, 10)))
            .Select(g => new NoiseTerm(g.Key.Item2, g.Sum(t => t.Count), g.Key.Scale)).ToArray();
        Array.Sort(shape, NoiseKey.Compare);
        var key = new NoiseKey(shape, AlphaNoise);
        return _halfWidths.GetOrAdd(key, _ => new Lazy<double>(() => NoiseSum.HalfWidth(terms, AlphaNoise))).Value;
    }

    /// <summary>Null when the tables determine the query; else the first attribute subset they leave open.</summary>
    public int? Unidentified(MarginalQuery q)
    {
        foreach (var r in Subsets(q.Mask))
        {
            if (ProjectedNorm(q, r) != 0 && !Inverse(r).InRange(q.Stages))
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>The GLS weights of the query on every measurement, by class.</summary>
    /// <remarks>
    /// They depend on the query only through its attributes, how many values it selects of each and its
    /// stages (see the class remarks), not on which values: every cell of a table has the same weights. So
    /// they are computed once per shape and the same array is returned, which a release's hundreds of
    /// cells, and a verification's recomputation of them, would otherwise each pay for.
    /// </remarks>
    public ImmutableArray<GlsWeight> Weights(MarginalQuery q)
    {
        var shape = new System.Text.StringBuilder().Append(q.Stages);
        foreach (var a in q.Attributes)
        {
            shape.Append(',').Append(a).Append(':').Append(q.CountOf(a));
        }

        var key = shape.ToString();
        if (_weights.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_weights.Count >= MaxShapes)
        {
            _weights.Clear(); // a query session's many shapes: start over rather than grow without end
            _halfWidthsByWeights.Clear();
        }

        return _weights.GetOrAdd(key, _ => ComputeWeights(q));
    }

    private const int MaxShapes = 4096;

    private readonly ConcurrentDictionary<string, ImmutableArray<GlsWeight>> _weights = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<object, double> _halfWidthsByWeights = new(ReferenceEqualityComparer.Instance);

    private ImmutableArray<GlsWeight> ComputeWeights(MarginalQuery q)
    {
        var weights = ImmutableArray.CreateBuilder<GlsWeight>();
        var s = q.Mask;
        for (var t = 0; t < Tables.Length; t++)
        {
            var table = Tables[t];
            var common = s & table.Mask;
            var shared = Attributes(common);
            double selectedOutside = 1, multiplicityOutside = 1;
            for (var a = 0; a < Sizes.Length; a++)
            {
                if ((table.Mask >> a & 1) == 0)
                {
                    selectedOutside *= q.CountOf(a) is var k and >= 0 ? k : Sizes[a];
                }
                else if ((s >> a & 1) == 0)
                {
                    multiplicityOutside *= Sizes[a];
                }
            }

            var factor = selectedOutside / table.Variance;
            for (var pattern = 0; pattern < 1 << shared.Length; pattern++)
            {
                var multiplicity = multiplicityOutside;
                for (var i = 0; i < shared.Length; i++)
                {
                    var k = q.CountOf(shared[i]);
                    multiplicity *= (pattern >> i & 1) == 1 ? k : Sizes[shared[i]] - k;
                }

                if (multiplicity == 0)
                {
                    continue;
                }

                for (var g = 0; g < table.Groups.Length; g++)
                {
                    var lambda = 0.0;
                    foreach (var r in Subsets(common))
                    {
                        var u = 1.0;
                        for (var i = 0; i < shared.Length; i++)
                        {
                            var a = shared[i];
                            var share = (double)q.CountOf(a) / Sizes[a];
                            u *= (r >> a & 1) == 1 ? ((pattern >> i & 1) - share) : share;
                        }

                        if (u != 0)
                        {
                            lambda += Inverse(r).Form(q.Stages, table.Groups[g]) * u;
                        }
                    }

                    lambda *= factor;
                    if (Math.Abs(lambda) > 1e-13)
                    {
                        weights.Add(new GlsWeight(t, pattern, g, lambda, (long)multiplicity));
                    }
                }
            }
        }

        return weights.ToImmutable();
    }

    /// <summary>The model's attributes in <paramref name="mask"/>, in model order.</summary>
    public static int[] Attributes(int mask)
    {
        // By its set bits, not a filtered range: verify calls this for every cell, pattern and subset, and
        // the iterators and closures of a LINQ query each time were a tenth of its allocations.
        var bits = (uint)mask & int.MaxValue;
        var attributes = new int[BitOperations.PopCount(bits)];
        for (var i = 0; bits != 0; bits &= bits - 1)
        {
            attributes[i++] = BitOperations.TrailingZeroCount(bits);
        }

        return attributes;
    }

    /// <summary>Every subset of <paramref name="mask"/>, the empty one included.</summary>
    public static IEnumerable<int> Subsets(int mask)
    {
        var r = 0;
        do
        {
            yield return r;
            r = (r - mask) & mask;
        }
        while (r != 0);
    }

    private StageInverse Inverse(int r) => _inverses.GetOrAdd(r, Build);

    // M_R as its terms: every table measuring the subspace, its weight and each of its groups.
    private StageInverse Build(int r)
    {
        var terms = new List<(double Weight, int Group)>();
        foreach (var table in Tables)
        {
            if ((r & ~table.Mask) != 0)
            {
                continue;
            }

            var factor = 1 / table.Variance;
            for (var a = 0; a < Sizes.Length; a++)
            {
                if ((table.Mask >> a & 1) == 0)
                {
                    factor *= Sizes[a];
                }
            }

            terms.AddRange(table.Groups.Select(g => (factor, g)));
        }

        return new StageInverse(terms);
    }

    // q' P_R q for the query's attribute selection.
    private double ProjectedNorm(MarginalQuery q, int r)
    {
        var norm = 1.0;
        for (var a = 0; a < Sizes.Length; a++)
        {
            double n = Sizes[a], k = q.CountOf(a);
            norm *= k < 0 ? n : (r >> a & 1) == 1 ? k - k * k / n : k * k / n;
        }

        return norm;
    }
}
