using System.Collections.Immutable;

namespace PrivacyShare.Releases;

/// <summary>How many people have how many records among some stages, measured with noise (<see cref="BoundAdvisor"/>).</summary>
/// <param name="Stages">The stages, as docs/releases.md names them (arrests, or matched+detained+removed, ...).</param>
/// <param name="Bins">The bins, noisy and post-processed; never exact.</param>
public sealed record StageHistogram(string Stages, ImmutableArray<RecordsPerPersonBin> Bins);
