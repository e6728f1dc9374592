using System.Numerics;

namespace PrivacyShare.Privacy;

/// <summary>
/// The discrete Laplace distribution with scale b: P(k) = (1 - p)/(1 + p) p^|k| with p = exp(-1/b).
/// With b = Delta1/epsilon it makes a count query with L1 sensitivity Delta1 epsilon-differentially
/// private (pure DP).
/// </summary>
internal sealed class DiscreteLaplace : NoiseMechanism
{
    /// <summary>The mechanism's name.</summary>
    public const string MechanismName = "discrete-laplace";

    /// <summary>The discrete Laplace with scale <paramref name="scale"/> (b).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not positive, too large or too fine.</exception>
    public DiscreteLaplace(Rational scale)
        : base(scale, "the scale")
    {
    }

    /// <inheritdoc/>
    public override string Name => MechanismName;

    /// <summary>The scale for sensitivity <paramref name="sensitivity"/> and budget <paramref name="epsilon"/>: b = Delta1 / epsilon.</summary>
    public static DiscreteLaplace ForEpsilon(Rational sensitivity, Rational epsilon) =>
        new(PrivacyAccounting.LaplaceScale(sensitivity, epsilon));

    internal override BigInteger SampleCore(RandomSource random) =>
        ExactSampling.DiscreteLaplace(random, Scale.Numerator, Scale.Denominator);

    // P(|X| > h) = P(|X| >= h + 1) = 2 p^(h+1) / (1 + p).
    internal override Interval Tail(long h, int bits)
    {
        var p = P(bits);
        var twoPm = Interval.ExpNeg(new Rational(h + 1, 1) / Scale, bits).Scale(2);
        return twoPm.Divide(One(bits) + p);
    }

    // Var = 2p / (1 - p)^2.
    internal override Interval VarianceInterval(int bits)
    {
        var p = P(bits);
        var q = One(bits) - p;
        return p.Scale(2).Divide(q * q);
    }

    internal override Interval ProbabilityInterval(long k, int bits)
    {
        var p = P(bits);
        var pk = Interval.ExpNeg(new Rational(Math.Abs(k), 1) / Scale, bits);
        return ((One(bits) - p) * pk).Divide(One(bits) + p);
    }

    private Interval P(int bits) => Interval.ExpNeg(Rational.One / Scale, bits);

    private static Interval One(int bits) => new(BigInteger.One << bits, BigInteger.One << bits, bits);
}
