using System.Collections.Immutable;

namespace PrivacyShare.Releases.Querying;

/// <summary>A release's answer to a <see cref="ReleaseQuery"/>: one row per combination of the <c>By</c> dimensions' values.</summary>
public sealed class QueryAnswer
{
    internal QueryAnswer(ReleaseQuery query, string? source, ImmutableArray<QueryRow> rows)
    {
        Query = query;
        Source = source;
        Rows = rows;
    }

    /// <summary>The question.</summary>
    public ReleaseQuery Query { get; }

    /// <summary>The intervals' confidence: 0.95.</summary>
    public double Confidence => 0.95;

    /// <summary>The published table whose values the estimates add up, or null when none holds the whole question.</summary>
    public string? Source { get; }

    /// <summary>The rows, in the order of the declared domains.</summary>
    public ImmutableArray<QueryRow> Rows { get; }
}
