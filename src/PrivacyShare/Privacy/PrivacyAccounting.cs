using PrivacyShare.Internals;

namespace PrivacyShare.Privacy;

/// <summary>
/// Privacy-loss arithmetic. Parameters and their compositions are exact rationals, so a budget
/// summed over many releases never drifts the way a sum of doubles does.
/// </summary>
internal static class PrivacyAccounting
{
    /// <summary>Pure DP: the discrete Laplace scale b = Delta1 / epsilon.</summary>
    public static Rational LaplaceScale(Rational sensitivity, Rational epsilon) =>
        epsilon.Sign > 0 && sensitivity.Sign > 0
            ? sensitivity / epsilon
            : throw Throw.OutOfRange(nameof(epsilon), $"sensitivity and epsilon must be greater than 0 (got {sensitivity} and {epsilon})");

    /// <summary>Pure DP: the epsilon a discrete Laplace of scale b gives a query of sensitivity Delta1.</summary>
    public static Rational LaplaceEpsilon(Rational sensitivity, Rational scale) => sensitivity / scale;

    /// <summary>zCDP: rho = Delta2^2 / (2 sigma^2) for the discrete Gaussian (CKS20, Theorem 4).</summary>
    public static Rational GaussianRho(Rational l2Sensitivity, Rational sigma) =>
        sigma.Sign > 0
            ? l2Sensitivity * l2Sensitivity / (sigma * sigma * 2)
            : throw Throw.OutOfRange(nameof(sigma), $"sigma must be greater than 0 (got {sigma})");

    /// <summary>Sequential composition: epsilons (or rhos) add, exactly.</summary>
    public static Rational Compose(IEnumerable<Rational> parts) => parts.Aggregate(Rational.Zero, (a, b) => a + b);

    /// <summary>
    /// The epsilon of (epsilon, delta)-DP implied by rho-zCDP, by the bound of CKS20 section 2.3
    /// (Corollary 13): delta = inf over a &gt; 1 of exp((a - 1)(a rho - epsilon)) / (a - 1) (1 - 1/a)^a,
    /// solved for epsilon and minimized over a; never worse than the classic rho + 2 sqrt(rho log(1/delta)).
    /// A reported figure, not part of any sampling: computed in double precision and rounded up.
    /// </summary>
    public static double ZcdpToEpsilon(Rational rho, double delta)
    {
        if (rho.Sign <= 0 || !(delta is > 0 and < 1))
        {
            throw Throw.OutOfRange(nameof(delta), $"rho must be greater than 0 and delta between 0 and 1 (got {rho} and {delta})");
        }

        var r = rho.ToDouble();
        var log1OverDelta = -Math.Log(delta);
        double EpsilonAt(double a) => a * r + (a * Math.Log(1 - 1 / a) - Math.Log(a - 1) + log1OverDelta) / (a - 1);

        // The objective is convex in a on (1, inf); golden-section search on a log scale.
        double lo = Math.Log(1e-9), hi = Math.Log(1e7);
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 200; i++)
        {
            var m1 = hi - phi * (hi - lo);
            var m2 = lo + phi * (hi - lo);
            if (EpsilonAt(1 + Math.Exp(m1)) < EpsilonAt(1 + Math.Exp(m2)))
            {
                hi = m2;
            }
            else
            {
                lo = m1;
            }
        }

        var best = Math.Min(EpsilonAt(1 + Math.Exp((lo + hi) / 2)), r + 2 * Math.Sqrt(r * log1OverDelta));
        return Math.Ceiling(best * 1e6) / 1e6;
    }
}
