using System.Collections.Immutable;

namespace PrivacyShare.Releases.Querying;

/// <summary>One row of an answer.</summary>
public sealed class QueryRow
{
    internal QueryRow(ImmutableArray<string> values, long estimate, Estimation.PublishedInterval interval, double unbiased)
    {
        Values = values;
        Estimate = estimate;
        Lower = interval.Lower;
        Upper = interval.Upper;
        NoiseLower = interval.NoiseLower;
        NoiseUpper = interval.NoiseUpper;
        Unbiased = unbiased;
    }

    /// <summary>The row's value of each <see cref="ReleaseQuery.By"/> dimension, in order.</summary>
    public ImmutableArray<string> Values { get; }

    /// <summary>The consistent estimate: a non-negative integer, the sum of the release's published values where one table holds the question.</summary>
    public long Estimate { get; }

    /// <summary>The lower end of the 95% interval for the true count (docs/proofs/intervals.md says which records it covers).</summary>
    public long Lower { get; }

    /// <summary>The upper end of that interval: <see cref="NoiseUpper"/> plus the allowance for records a contribution bound left out, which may fall in this row.</summary>
    public long Upper { get; }

    /// <summary>The lower end of the 95% interval from noise alone, for the records the contribution bounds counted.</summary>
    public long NoiseLower { get; }

    /// <summary>The upper end of the 95% interval from noise alone.</summary>
    public long NoiseUpper { get; }

    /// <summary>The unbiased least-squares estimate the interval is built around (may be negative or fractional).</summary>
    public double Unbiased { get; }
}
