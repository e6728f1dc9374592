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
        var ours = (Complex[])x.Clone();
        var reference = (Complex[])x.Clone();

        Fft.Forward(ours);
        Fourier.Forward(reference, FourierOptions.Matlab);
        Assert.All(Enumerable.Range(0, n), i => Assert.True((ours[i] - reference[i]).Magnitude < 1e-9 * Math.Max(1, n), $"forward {i}"));

        Fft.Inverse(ours);
        Assert.All(Enumerable.Range(0, n), i => Assert.True((ours[i] - x[i]).Magnitude < 1e-12 * Math.Max(1, n), $"round trip {i}"));
    }

    [Fact]
    public void Fft_RefusesALengthThatIsNotAPowerOfTwo() =>
        Assert.Throws<ArgumentException>(() => Fft.Forward(new Complex[6]));

    [Fact]
    public void SymmetricEigen_ReconstructsRandomAndSingularMatrices_AndMatchesMathNetsEigenvalues()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            // Sums of 0/1 Gram matrices with positive weights, as the stage matrices are; often singular.
            var a = new double[4, 4];
            for (var g = 0; g < random.Next(1, 4); g++)
            {
                var block = random.Next(1, 16);
                var w = random.NextDouble() * 10;
                for (var i = 0; i < 4; i++)
                {
                    for (var j = 0; j < 4; j++)
                    {
                        a[i, j] += (block >> i & 1) * (block >> j & 1) * w;
                    }
                }
            }

            var (values, vectors) = SymmetricEigen.Decompose(a);
            var v = Matrix<double>.Build.DenseOfArray(vectors);
            var rebuilt = v * Matrix<double>.Build.DenseOfDiagonalArray(values) * v.Transpose();
            Assert.True((rebuilt - Matrix<double>.Build.DenseOfArray(a)).FrobeniusNorm() < 1e-9, $"trial {trial}: V D V' differs from A");
            Assert.True((v.Transpose() * v - Matrix<double>.Build.DenseIdentity(4)).FrobeniusNorm() < 1e-9, $"trial {trial}: V is not orthonormal");
            var reference = Matrix<double>.Build.DenseOfArray(a).Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).Order();
            Assert.Equal(reference, values.Order(), (x, y) => Math.Abs(x - y) < 1e-9);
        }
    }
}
