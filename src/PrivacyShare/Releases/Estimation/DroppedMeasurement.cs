using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// One release's noisy counts of the records a contribution bound left out (each person's records beyond
/// the bound, up to the bound again), per stage group, shared by every table with that bound and those
/// stages; each with independent discrete Laplace noise of <see cref="Scale"/>.
/// </summary>
/// <param name="Class">The dropped-records class (its index among the design's regular classes).</param>
/// <param name="Groups">The stage groups (masks) counted.</param>
/// <param name="Noisy">The noisy count of each group.</param>
/// <param name="Scale">The noise scale of every count.</param>
/// <param name="Periods">
/// The periods (indexes of the release's period dimension) the left-out records lie in, or empty when
/// they can lie anywhere (a one-shot release). A calendar release measures the new events of the
/// periods it reads, so the records its bounds left out are in those periods' cells and in no other:
/// the allowance for a question about other periods does not include them.
/// </param>
internal sealed record DroppedMeasurement(int Class, ImmutableArray<int> Groups, ImmutableArray<double> Noisy, double Scale, ImmutableArray<int> Periods)
{
    /// <summary>Whether the left-out records can lie in period <paramref name="period"/>.</summary>
    public bool CanLieIn(int period) => Periods.IsDefaultOrEmpty || Periods.Contains(period);
}
