namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// A published value's two nested 95% intervals, rounded outward to integers and floored at 0:
/// <see cref="NoiseLower"/> to <see cref="NoiseUpper"/> allows for the noise alone and holds the count of
/// the records the contribution bounds counted; <see cref="Lower"/> to <see cref="Upper"/> adds the
/// allowance for the records a bound left out and holds the true count of all records
/// (docs/proofs/intervals.md). Lower &lt;= NoiseLower &lt;= value &lt;= NoiseUpper &lt;= Upper.
/// </summary>
/// <param name="Lower">The lower end for the true count.</param>
/// <param name="NoiseLower">The lower end from noise alone.</param>
/// <param name="NoiseUpper">The upper end from noise alone.</param>
/// <param name="Upper">The upper end for the true count.</param>
internal readonly record struct PublishedInterval(long Lower, long NoiseLower, long NoiseUpper, long Upper)
{
    /// <summary>How far the allowance for left-out records reaches beyond the noise interval, below and above.</summary>
    public (long Below, long Above) Allowance => (NoiseLower - Lower, Upper - NoiseUpper);
}
