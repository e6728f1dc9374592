using System.Collections.Immutable;

namespace PrivacyShare.Releases.Querying;

/// <summary>One row of an answer.</summary>
/// <param name="Values">The row's value of each <see cref="ReleaseQuery.By"/> dimension, in order.</param>
/// <param name="Estimate">The consistent estimate: a non-negative integer, the sum of the release's published values where one table holds the question.</param>
/// <param name="Lower">The lower end of the 95% interval for the true count of all records.</param>
/// <param name="Upper">The upper end of that interval.</param>
/// <param name="Unbiased">The unbiased least-squares estimate the interval is built around (may be negative or fractional).</param>
public sealed record QueryRow(ImmutableArray<string> Values, long Estimate, long Lower, long Upper, double Unbiased);
