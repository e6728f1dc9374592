using System.Numerics;
using PrivacyShare.Internals;

namespace PrivacyShare.Privacy;

/// <summary>
/// An exact integer noise distribution: <see cref="DiscreteLaplace"/> (pure differential privacy) or
/// <see cref="DiscreteGaussian"/> (zero-concentrated differential privacy). A closed set: the
/// constructor is not open to subclasses, so no weaker sampler can pose as one of these.
/// </summary>
internal abstract class NoiseMechanism
{
    /// <summary>The largest scale accepted: noise beyond a billion hides every count there is.</summary>
    public static readonly Rational MaxScale = new(1_000_000_000, 1);

    // At most 18 decimal places: a finer scale is a typo, and it would slow every sample down.
    private static readonly BigInteger MaxDenominator = BigInteger.Pow(10, 18);

    [ThreadStatic]
    private static RandomSource? t_random;

    private protected NoiseMechanism(Rational scale, string what)
    {
        if (scale.Sign <= 0)
        {
            throw Throw.OutOfRange(nameof(scale), $"{what} must be greater than 0 (got {scale})");
        }

        if (scale > MaxScale)
        {
            throw Throw.OutOfRange(nameof(scale), $"{what} must be at most {MaxScale} (got {scale}); noise that large hides every count");
        }

        if (scale.Denominator > MaxDenominator)
        {
            throw Throw.OutOfRange(nameof(scale), $"{what} has more than 18 decimal places (got {scale}); round it");
        }

        Scale = scale;
    }

    /// <summary>The name used on the command line and in release manifests.</summary>
    public abstract string Name { get; }

    /// <summary>The scale: b for the discrete Laplace, sigma for the discrete Gaussian.</summary>
    public Rational Scale { get; }

    /// <summary>The mechanism named <paramref name="name"/> with the given scale.</summary>
    /// <exception cref="ArgumentException">The name is unknown or the scale is out of range.</exception>
    public static NoiseMechanism Create(string name, Rational scale) => name switch
    {
        Privacy.DiscreteLaplace.MechanismName => new DiscreteLaplace(scale),
        Privacy.DiscreteGaussian.MechanismName => new DiscreteGaussian(scale),
        _ => throw Throw.UnknownMechanism(name, $"{Privacy.DiscreteLaplace.MechanismName} or {Privacy.DiscreteGaussian.MechanismName}"),
    };

    /// <summary>One sample, drawn exactly from the OS CSPRNG.</summary>
    public long Sample() => (long)SampleCore(t_random ??= new RandomSource());

    /// <summary>
    /// The exact half-width h: the smallest h &gt;= 0 with P(|X| &gt; h) &lt;= <paramref name="alpha"/>.
    /// A published count lies within h of the true one with probability at least 1 - alpha.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">alpha is not strictly between 0 and 1.</exception>
    public long HalfWidth(Rational alpha)
    {
        if (alpha.Sign <= 0 || alpha >= Rational.One)
        {
            throw Throw.OutOfRange(nameof(alpha), $"alpha must be between 0 and 1, both excluded (got {alpha})");
        }

        // P(|X| > h) decreases in h: double until it holds, then bisect.
        long high = 1;
        while (!TailAtMost(high, alpha))
        {
            high *= 2;
        }

        long low = -1; // P(|X| > -1) = 1 > alpha
        while (high - low > 1)
        {
            var mid = low + (high - low) / 2;
            if (TailAtMost(mid, alpha))
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    /// <summary>The variance, computed with rigorous bounds and returned as the nearest double.</summary>
    public double Variance() => VarianceInterval(256).ToDouble();

    /// <summary>P(X = <paramref name="k"/>), computed with rigorous bounds and returned as the nearest double.</summary>
    public double Probability(long k) => ProbabilityInterval(k, 256).ToDouble();

    /// <inheritdoc/>
    public override string ToString() => $"{Name}, scale {Scale}";

    internal abstract BigInteger SampleCore(RandomSource random);

    /// <summary>Bounds on P(|X| &gt; h) at the given precision.</summary>
    internal abstract Interval Tail(long h, int bits);

    internal abstract Interval VarianceInterval(int bits);

    internal abstract Interval ProbabilityInterval(long k, int bits);

    // exp is transcendental, so P(|X| > h) never equals a rational alpha: raising the precision always
    // decides the comparison in the end.
    private bool TailAtMost(long h, Rational alpha)
    {
        for (var bits = 128; bits <= 1 << 14; bits *= 2)
        {
            var tail = Tail(h, bits);
            if (tail.SurelyAtMost(alpha))
            {
                return true;
            }

            if (tail.SurelyAbove(alpha))
            {
                return false;
            }
        }

        throw Throw.Bug($"could not decide P(|X| > {h}) against {alpha} at 16384 bits");
    }
}
