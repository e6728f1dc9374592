using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

public sealed class PublishedIntervalTests
{
    // GlsAnswer(estimate, sd, noise half-width h, lower for the true count, upper for the true count).
    // Expected ends worked by hand: the noise interval is E -+ h, the interval for the true count adds the
    // allowance; each rounded outward, floored at 0 and stretched to hold the display value.
    public static TheoryData<double, double, double, double, long, long, long, long, long> Cases => new()
    {
        // E, h, lower, upper, value -> lower, noise lower, noise upper, upper
        { 100.4, 20.2, 79.0, 160.9, 100, 79, 80, 121, 161 },   // allowance above only
        { 100.4, 20.2, 75.5, 160.9, 100, 75, 80, 121, 161 },   // and some below
        { 5.0, 12.5, -7.5, 40.0, 3, 0, 0, 18, 40 },            // floored at 0
        { -30.0, 12.5, -42.5, -17.5, 0, 0, 0, 13, 13 },        // all below 0: 0 to h, never "0 to 0"
        { -30.0, 12.5, -42.5, 20.0, 0, 0, 0, 13, 20 },         // noise below 0, allowance reaches above
        { 50.0, 10.0, 40.0, 60.0, 70, 40, 40, 70, 70 },        // stretched to hold the display value
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Interval_HasTheNoiseIntervalInsideTheIntervalForTheTrueCount(double estimate, double h, double lower, double upper, long value,
        long expectedLower, long expectedNoiseLower, long expectedNoiseUpper, long expectedUpper)
    {
        var interval = ReleaseEstimates.Interval(new GlsAnswer(estimate, h / 2, h, lower, upper), value);

        Assert.Equal(new PublishedInterval(expectedLower, expectedNoiseLower, expectedNoiseUpper, expectedUpper), interval);
        Assert.True(interval.Lower <= interval.NoiseLower && interval.NoiseLower <= value && value <= interval.NoiseUpper && interval.NoiseUpper <= interval.Upper);
    }
}
