using System.Numerics;
using PrivacyShare.Internals;

namespace PrivacyShare.Privacy;

/// <summary>
/// The discrete Gaussian with parameter sigma: P(k) proportional to exp(-k^2 / (2 sigma^2)). Adding it
/// to a query with L2 sensitivity Delta2 satisfies rho-zCDP with rho = Delta2^2 / (2 sigma^2)
/// (CKS20, Theorem 4).
/// </summary>
internal sealed class DiscreteGaussian : NoiseMechanism
{
    /// <summary>The mechanism's name.</summary>
    public const string MechanismName = "discrete-gaussian";

    /// <summary>
    /// The largest sigma whose accuracy figures are computed: they sum the pmf term by term, about
    /// 17 sigma terms. Sampling has no such limit beyond <see cref="NoiseMechanism.MaxScale"/>.
    /// </summary>
    public static readonly Rational MaxSigmaForAccuracy = new(100_000, 1);

    /// <summary>The discrete Gaussian with parameter <paramref name="sigma"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sigma is not positive, too large or too fine.</exception>
    public DiscreteGaussian(Rational sigma)
        : base(sigma, "sigma")
    {
        SigmaSquared = sigma * sigma;
    }

    /// <inheritdoc/>
    public override string Name => MechanismName;

    /// <summary>sigma^2, exactly.</summary>
    public Rational SigmaSquared { get; }

    internal override BigInteger SampleCore(RandomSource random) =>
        ExactSampling.DiscreteGaussian(random, SigmaSquared.Numerator, SigmaSquared.Denominator);

    internal override Interval Tail(long h, int bits)
    {
        var sums = Sums(bits);
        // P(|X| > h) = 2 (T - S_h) / Z with T = sum over k >= 1, S_h = sum over 1 <= k <= h.
        var partial = Zero(bits);
        for (var k = 1; k <= h && k < sums.Terms.Length; k++)
        {
            partial += sums.Terms[k];
        }

        return (sums.Total - partial).Scale(2).Divide(sums.Z);
    }

    internal override Interval VarianceInterval(int bits)
    {
        var sums = Sums(bits);
        var weighted = Zero(bits);
        for (var k = 1; k < sums.Terms.Length; k++)
        {
            weighted += sums.Terms[k].Scale((BigInteger)k * k);
        }

        return weighted.Scale(2).Divide(sums.Z);
    }

    internal override Interval ProbabilityInterval(long k, int bits)
    {
        var sums = Sums(bits);
        var term = Math.Abs(k) < sums.Terms.Length ? sums.Terms[Math.Abs(k)] : new Interval(0, sums.TailBound, bits);
        return term.Divide(sums.Z);
    }

    // Terms exp(-k^2 / (2 sigma^2)) for k = 0..K with K >= sigma sqrt(2 (bits + 10)), past which every
    // term is below 2^-(bits+10); consecutive terms differ by the factor r^(2k+1), r = exp(-1/(2 sigma^2)).
    // The omitted tail is at most 2^-(bits+10) (2 + sigma), added to the upper bound of the total.
    private (Interval[] Terms, Interval Total, Interval Z, BigInteger TailBound) Sums(int bits)
    {
        if (Scale > MaxSigmaForAccuracy)
        {
            throw Throw.OutOfRange(nameof(bits), $"accuracy figures are computed for sigma up to {MaxSigmaForAccuracy} (got {Scale})");
        }

        var k = (long)ExactSampling.IntegerSqrt((SigmaSquared * new Rational(2 * (bits + 10), 1)).Floor()) + 2;
        var guard = bits + 16 + (int)BigInteger.Log(k, 2) + 1;
        var r = Interval.ExpNeg(Rational.One / (SigmaSquared * 2), guard);
        var r2 = r * r;
        var terms = new Interval[k + 1];
        var term = new Interval(BigInteger.One << guard, BigInteger.One << guard, guard);
        var ratio = r;
        var total = new Interval(0, 0, guard);
        terms[0] = term;
        for (var i = 1; i <= k; i++)
        {
            term *= ratio;
            ratio *= r2;
            terms[i] = term;
            total += term;
        }

        var tailBound = (BigInteger.One << (guard - bits - 10)) * (2 + Scale.Floor() + 1);
        total = new Interval(total.Lo, total.Hi + tailBound, guard);
        var reduced = terms.Select(t => Reduce(t, guard, bits)).ToArray();
        var totalReduced = Reduce(total, guard, bits);
        var z = new Interval(BigInteger.One << bits, BigInteger.One << bits, bits) + totalReduced.Scale(2);
        return (reduced, totalReduced, z, (tailBound >> (guard - bits)) + 1);
    }

    private static Interval Reduce(Interval x, int from, int to) => new(x.Lo >> (from - to), (x.Hi >> (from - to)) + 1, to);

    private static Interval Zero(int bits) => new(0, 0, bits);
}
