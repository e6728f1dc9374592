using System.Collections.Immutable;

namespace PrivacyShare.Releases.Querying;

/// <summary>A release's answer to a <see cref="ReleaseQuery"/>: one row per combination of the <c>By</c> dimensions' values.</summary>
/// <param name="Query">The question.</param>
/// <param name="Confidence">The intervals' confidence, 0.95.</param>
/// <param name="Source">The published table whose values the estimates add up, or null when none holds the whole question.</param>
/// <param name="Rows">The rows, in the order of the declared domains.</param>
public sealed record QueryAnswer(ReleaseQuery Query, double Confidence, string? Source, ImmutableArray<QueryRow> Rows);
