using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The noisy counts of records a contribution bound left out (each person's records beyond the bound, up
/// to the bound again), per stage group, shared by every table with that bound and those stages; each
/// with independent discrete Laplace noise of <see cref="Scale"/>.
/// </summary>
/// <param name="Groups">The stage groups (masks) counted.</param>
/// <param name="Noisy">The noisy count of each group.</param>
/// <param name="Scale">The noise scale of every count.</param>
internal sealed record DroppedMeasurement(ImmutableArray<int> Groups, ImmutableArray<double> Noisy, double Scale);
