namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// How many records one contribution bound left out, as the release can say it: the sum of the noisy
/// dropped-records counts of its class (every stage group; in a calendar, every release's), rounded and
/// floored at 0, with a 95% interval from the exact law of their summed noise. A reader's figure for
/// "what the allowance is for": the left-out records are in some cells, not in each.
/// </summary>
/// <param name="Value">The noisy count, rounded, at least 0.</param>
/// <param name="Lower">The lower end of its 95% interval, at least 0.</param>
/// <param name="Upper">The upper end.</param>
internal sealed record LeftOutCount(long Value, long Lower, long Upper)
{
    /// <summary>The count and interval of class <paramref name="k"/>, from every release's measurement of it.</summary>
    public static LeftOutCount Of(IEnumerable<DroppedMeasurement> dropped, int k)
    {
        var mine = dropped.Where(d => d.Class == k).ToArray();
        var noisy = mine.Sum(d => d.Noisy.Sum());
        var h = NoiseSum.HalfWidth([.. mine.Select(d => new NoiseTerm(1, d.Groups.Length, d.Scale))], 0.05);
        var value = Math.Max(0, (long)Math.Round(noisy, MidpointRounding.AwayFromZero));
        return new LeftOutCount(value, Math.Min(value, Math.Max(0, (long)Math.Floor(noisy - h))), Math.Max(value + 1, (long)Math.Ceiling(noisy + h)));
    }
}
