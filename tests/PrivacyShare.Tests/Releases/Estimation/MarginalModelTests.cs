using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>
/// The closed-form GLS (Kronecker structure, one 4x4 stage matrix per attribute subset) against the
/// textbook one computed densely: A built cell by cell over the whole product domain, c'(A'WA)^+A'Wy and
/// c'(A'WA)^+c with MathNet's SVD pseudo-inverse. Different code, different method, same numbers.
/// </summary>
public sealed class MarginalModelTests
{
    // Attributes: a (3 values), b (2 values), c (4 values); stages 4.
    private static readonly ImmutableArray<int> Sizes = [3, 2, 4];

    public static TheoryData<string> Designs => new() { "star", "nested", "disjoint-stages", "one-table" };

    [Theory]
    [MemberData(nameof(Designs))]
    public void EstimatesAndVariances_MatchDenseGls(string design)
    {
        var model = Model(design);
        var random = new Random(design.GetHashCode(StringComparison.Ordinal));
        var y = model.Tables.Select(t => Enumerable.Range(0, Cells(t) * t.Groups.Length).Select(_ => random.Next(-5, 60) + random.NextDouble()).ToArray()).ToList();
        var estimator = new GlsEstimator(model, y, [new DroppedMeasurement(0, [0b1111], [0], 1, [])]);
        var (a, w, yy) = Dense(model, y);
        var normal = a.TransposeThisAndMultiply(w * a);
        var inverse = normal.PseudoInverse();
        var xHat = inverse * a.TransposeThisAndMultiply(w * yy);

        var checkedQueries = 0;
        foreach (var q in Queries(model))
        {
            var c = DenseQuery(q);
            var estimable = (normal * inverse * c - c).L2Norm() < 1e-6 * Math.Max(1, c.L2Norm());
            Assert.Equal(estimable, model.Unidentified(q) is null);
            if (!estimable)
            {
                continue;
            }

            checkedQueries++;
            var weights = model.Weights(q);
            Assert.Equal(c * xHat, estimator.Estimate(q, weights), 6);
            Assert.Equal(c * (inverse * c), model.Variance(q), 6);
            // The weights' variance is the variance: sum of multiplicity x lambda^2 x v.
            Assert.Equal(model.Variance(q), weights.Sum(x => x.Multiplicity * x.Lambda * x.Lambda * model.Tables[x.Table].Variance), 6);
        }

        Assert.True(checkedQueries > 10, $"only {checkedQueries} estimable queries were compared");
    }

    private static MarginalModel Model(string design)
    {
        MarginalTable T(string name, int[] attributes, int[] groups, double scale) =>
            new() { Name = name, Attributes = [.. attributes], Groups = [.. groups], Scale = scale, DroppedClass = 0 };
        ImmutableArray<MarginalTable> tables = design switch
        {
            // a x {not matched, matched}; b x {all}; c x {removed}: share totals, not all stages.
            "star" => [T("t1", [0], [0b0001, 0b1110], 2.5), T("t2", [1], [0b1111], 4), T("t3", [2], [0b1000], 1)],
            // a x b x four stages; a x {not matched, matched}; b x c x {all}.
            "nested" => [T("t1", [0, 1], [1, 2, 4, 8], 3), T("t2", [0], [0b0001, 0b1110], 1.5), T("t3", [1, 2], [0b1111], 6)],
            "disjoint-stages" => [T("t1", [0, 2], [0b0011, 0b1100], 2), T("t2", [0], [0b0001, 0b0010, 0b1100], 0.7)],
            _ => [T("t1", [2, 0], [0b0001, 0b1110], 2)],
        };
        return new MarginalModel(["a", "b", "c"], Sizes, tables);
    }

    private static int Cells(MarginalTable t) => t.Attributes.Aggregate(1, (n, a) => n * Sizes[a]);

    // Every query with up to two attributes, one or two selected values each, and several stage sets.
    private static IEnumerable<MarginalQuery> Queries(MarginalModel model)
    {
        int[] stageSets = [0b1111, 0b1110, 0b1100, 0b1000, 0b0001, 0b0110];
        int[][] attributeSets = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]];
        foreach (var stages in stageSets)
        {
            foreach (var attributes in attributeSets)
            {
                foreach (var selection in Selections(attributes))
                {
                    yield return new MarginalQuery([.. attributes], selection, stages);
                }
            }
        }
    }

    private static IEnumerable<ImmutableArray<ImmutableArray<int>>> Selections(int[] attributes)
    {
        if (attributes.Length == 0)
        {
            yield return [];
            yield break;
        }

        ImmutableArray<int>[] choices(int a) => [[0], [Sizes[a] - 1], [0, 1]];
        foreach (var first in choices(attributes[0]))
        {
            if (attributes.Length == 1)
            {
                yield return [first];
                continue;
            }

            foreach (var second in choices(attributes[1]))
            {
                yield return [first, second];
            }
        }
    }

    // Base cells: index ((a * 2 + b) * 4 + c) * 4 + stage.
    private static int BaseCells => Sizes.Aggregate(1, (n, s) => n * s) * 4;

    private static IEnumerable<(int[] Values, int Stage, int Index)> Base()
    {
        var i = 0;
        for (var a = 0; a < Sizes[0]; a++)
        {
            for (var b = 0; b < Sizes[1]; b++)
            {
                for (var c = 0; c < Sizes[2]; c++)
                {
                    for (var s = 0; s < 4; s++)
                    {
                        yield return (new[] { a, b, c }, s, i++);
                    }
                }
            }
        }
    }

    private static (Matrix<double> A, Matrix<double> W, Vector<double> Y) Dense(MarginalModel model, IReadOnlyList<double[]> y)
    {
        var rows = new List<double[]>();
        var weights = new List<double>();
        var values = new List<double>();
        for (var t = 0; t < model.Tables.Length; t++)
        {
            var table = model.Tables[t];
            for (var cell = 0; cell < Cells(table); cell++)
            {
                var cellValues = new int[table.Attributes.Length];
                var rest = cell;
                for (var p = table.Attributes.Length - 1; p >= 0; p--)
                {
                    cellValues[p] = rest % Sizes[table.Attributes[p]];
                    rest /= Sizes[table.Attributes[p]];
                }

                for (var g = 0; g < table.Groups.Length; g++)
                {
                    var row = new double[BaseCells];
                    foreach (var (v, s, index) in Base())
                    {
                        var inCell = table.Attributes.Select((a, p) => v[a] == cellValues[p]).All(x => x);
                        row[index] = inCell && (table.Groups[g] >> s & 1) == 1 ? 1 : 0;
                    }

                    rows.Add(row);
                    weights.Add(1 / table.Variance);
                    values.Add(y[t][cell * table.Groups.Length + g]);
                }
            }
        }

        return (Matrix<double>.Build.DenseOfRowArrays(rows), Matrix<double>.Build.DenseOfDiagonalArray([.. weights]), Vector<double>.Build.DenseOfEnumerable(values));
    }

    private static Vector<double> DenseQuery(MarginalQuery q)
    {
        var c = new double[BaseCells];
        foreach (var (v, s, index) in Base())
        {
            var selected = q.Attributes.Select((a, i) => q.Selected[i].Contains(v[a])).All(x => x);
            c[index] = selected && (q.Stages >> s & 1) == 1 ? 1 : 0;
        }

        return Vector<double>.Build.DenseOfArray(c);
    }
}
