namespace PrivacyShare.Releases;

/// <summary>
/// How many people have from <see cref="Low"/> to <see cref="High"/> records among some stages, measured
/// with noise and post-processed (never negative, and no denser than the bin before it); never exact.
/// </summary>
/// <param name="Low">The fewest records in the bin.</param>
/// <param name="High">The most; null for the last, open bin.</param>
/// <param name="People">The noisy number of people, post-processed.</param>
public sealed record RecordsPerPersonBin(int Low, int? High, double People);
