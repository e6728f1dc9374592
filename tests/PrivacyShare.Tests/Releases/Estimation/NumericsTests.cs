using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using MathNet.Numerics.LinearAlgebra;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>The small numerical kernels of the estimation, held to MathNet.Numerics as the outside reference.</summary>
public sealed class NumericsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(1024)]
    public void Fft_MatchesMathNet_ForwardAndInverse(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var reference = (Complex[])x.Clone();
        var re = x.Select(c => c.Real).ToArray();
        var im = x.Select(c => c.Imaginary).ToArray();

        Fft.Transform(re, im);
        Fourier.Forward(reference, FourierOptions.Matlab);
        Assert.All(Enumerable.Range(0, n), i => Assert.True((new Complex(re[i], im[i]) - reference[i]).Magnitude < 1e-9 * Math.Max(1, n), $"forward {i}"));

        // The inverse is the forward transform with the parts swapped, divided by n.
        Fft.Transform(im, re);
        Assert.All(Enumerable.Range(0, n), i => Assert.True((new Complex(re[i] / n, im[i] / n) - x[i]).Magnitude < 1e-12 * Math.Max(1, n), $"round trip {i}"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(4096)]
    public void RealFft_MatchesMathNet_ForwardAndInverse(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var reference = x.Select(v => new Complex(v, 0)).ToArray();
        Fourier.Forward(reference, FourierOptions.Matlab);

        var work = (double[])x.Clone();
        var re = new double[n / 2 + 1];
        var im = new double[n / 2 + 1];
        Fft.RealForward(work, re, im);
        Assert.All(Enumerable.Range(0, n / 2 + 1), k => Assert.True((new Complex(re[k], im[k]) - reference[k]).Magnitude < 1e-9 * n, $"coefficient {k}"));

        var back = new double[n];
        Fft.RealInverse(re, im, back);
        Assert.All(Enumerable.Range(0, n), i => Assert.True(Math.Abs(back[i] - x[i]) < 1e-12 * n, $"round trip {i}"));
    }

    [Fact]
    public void Fft_RefusesALengthThatIsNotAPowerOfTwo() =>
        Assert.Throws<ArgumentException>(() => Fft.Transform(new double[6], new double[6]));

    [Fact]
    public void StageInverse_IsMathNetsPseudoInverse_AndItsRangeIsExact()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            // Sums of 0/1 Gram matrices with positive weights, as the stage matrices are; often singular.
            var terms = Terms(random, random.Next(1, 6), () => Math.Exp(random.NextDouble() * 6 - 3));
            var inverse = new StageInverse(terms);
            var m = Matrix(terms);
            var reference = m.PseudoInverse();
            for (var u = 1; u < 16; u++)
            {
                for (var v = 1; v < 16; v++)
                {
                    var expected = Vector(u) * reference * Vector(v);
                    Assert.True(Math.Abs(inverse.Form(u, v) - expected) <= 1e-8 * Math.Max(1, Math.Abs(expected)), $"trial {trial}: u'M+v for {u},{v}");
                }

                // In the range exactly when adding u does not raise MathNet's rank of the group vectors.
                var groups = terms.Select(t => Vector(t.Group)).Append(Vector(u)).ToArray();
                var inRange = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowVectors(groups).Rank() == MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowVectors(groups[..^1]).Rank();
                Assert.Equal(inRange, inverse.InRange(u));
            }
        }
    }

    [Fact]
    public void StageInverse_KeepsEveryMeasuredDirection_UnderWeightsApartBy1e18()
    {
        // ../shared/repro/13: removals at epsilon 20 (variance 2e-7) beside arrests at 0.5 (variance
        // 450) put a direction below a 1e-10 relative cut-off, and the estimate lost the arrests table.
        // Whatever the spread, the GLS coefficients of every estimable stage query u, lambda_t = w_t u'M+g_t,
        // must give an unbiased estimate: sum over terms of lambda_t g_t = u, stage by stage.
        var random = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var terms = Terms(random, random.Next(1, 6), () => Math.Pow(10, random.NextDouble() * 18 - 9));
            var inverse = new StageInverse(terms);
            foreach (var (_, g) in terms)
            {
                Assert.True(inverse.InRange(g));
            }

            for (var u = 1; u < 16; u++)
            {
                if (!inverse.InRange(u))
                {
                    continue;
                }

                for (var p = 0; p < 4; p++)
                {
                    var total = terms.Sum(t => t.Weight * inverse.Form(u, t.Group) * (t.Group >> p & 1));
                    Assert.True(Math.Abs(total - (u >> p & 1)) < 1e-9, $"trial {trial}: query {u}, stage {p}: coefficients add to {total}");
                }
            }
        }
    }

    private static List<(double Weight, int Group)> Terms(Random random, int count, Func<double> weight) =>
        [.. Enumerable.Range(0, count).Select(_ => (weight(), random.Next(1, 16)))];

    private static MathNet.Numerics.LinearAlgebra.Matrix<double> Matrix(IEnumerable<(double Weight, int Group)> terms)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(4, 4);
        foreach (var (w, g) in terms)
        {
            m += w * Vector(g).OuterProduct(Vector(g));
        }

        return m;
    }

    private static MathNet.Numerics.LinearAlgebra.Vector<double> Vector(int mask) =>
        MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(4, i => mask >> i & 1);
}
