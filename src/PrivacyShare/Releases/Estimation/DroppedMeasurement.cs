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
/// <param name="Count">
/// How many independent measurements each noisy count adds up: 1 in a one-shot release; in a calendar,
/// one per release that measured new events (each release counts the records its bounds left out among
/// its own events, so the calendar's left-out records are their sum).
/// </param>
internal sealed record DroppedMeasurement(ImmutableArray<int> Groups, ImmutableArray<double> Noisy, double Scale, int Count = 1);
