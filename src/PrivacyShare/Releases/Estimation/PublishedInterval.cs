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

    /// <summary>
    /// Both intervals in words for a reader: "95% interval 900 to 1,000 from noise; 900 to 1,120 with the
    /// records the bounds left out", or one range when the allowance adds nothing.
    /// </summary>
    public string Describe() =>
        Lower == NoiseLower && Upper == NoiseUpper
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"95% interval {NoiseLower:N0} to {NoiseUpper:N0}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"95% interval {NoiseLower:N0} to {NoiseUpper:N0} from noise; {Lower:N0} to {Upper:N0} with the records the bounds left out");
}
