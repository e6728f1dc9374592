using System.Diagnostics;
using PrivacyShare.Privacy;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `noise`: exact discrete Laplace samples at b = 10 on one core (this thread), and the discrete
/// Gaussian at sigma = 10 beside it. Target: at least 200,000 Laplace samples a second.
/// </summary>
internal static class NoiseBenchmark
{
    public static Measurement Run(long samples)
    {
        var laplace = new DiscreteLaplace(new Rational(10, 1));
        var gaussian = new DiscreteGaussian(new Rational(10, 1));
        long sink = 0;
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < samples; i++)
        {
            sink += laplace.Sample();
        }

        var laplaceTime = clock.Elapsed;
        clock.Restart();
        for (long i = 0; i < samples; i++)
        {
            sink += gaussian.Sample();
        }

        var gaussianTime = clock.Elapsed;
        GC.KeepAlive(sink);
        return new Measurement(samples, "discrete-laplace(10) samples", laplaceTime,
            $" | discrete-gaussian(10): {samples / gaussianTime.TotalSeconds:N0} samples/s | one thread");
    }
}
