using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>
/// The upper side of an interval allows for the records a bound left out, per stage group: a question
/// about IDENT matches allows only for left-out matched records, however many unmatched ones there are.
/// </summary>
public sealed class BiasBoundTests
{
    private const int NotMatched = 0b0001;
    private const int Matched = 0b1110;

    private static GlsEstimator Estimator(double droppedNotMatched, double droppedMatched)
    {
        var table = new MarginalTable { Name = "t", Attributes = [0], Groups = [NotMatched, Matched], Scale = 4, DroppedClass = 0 };
        var model = new MarginalModel(["month"], [3], [table]);
        double[] y = [100, 10, 120, 12, 90, 8];
        return new GlsEstimator(model, [y], [new DroppedMeasurement(0, [NotMatched, Matched], [droppedNotMatched, droppedMatched], 5, [])]);
    }

    [Fact]
    public void MatchesTotal_AllowsOnlyForLeftOutMatchedRecords()
    {
        var q = new MarginalQuery([], [], Matched);

        var few = Estimator(droppedNotMatched: 0, droppedMatched: 7).Answer(q);
        var many = Estimator(droppedNotMatched: 1000, droppedMatched: 7).Answer(q);

        Assert.Equal(30, few.Estimate, 9);
        Assert.Equal(few.Upper, many.Upper, 9);
        Assert.Equal(few.Lower, many.Lower, 9);

        // One group with weight 1: the exact one-sided bound of one discrete Laplace, all 1% to it.
        Assert.Equal(few.Estimate + few.NoiseHalfWidth + 7 + NoiseSum.OneSidedBound(5, GlsEstimator.AlphaDropped), few.Upper, 9);
    }

    [Fact]
    public void ArrestsTotal_AllowsForBothGroups_WithOneBoundOnTheirSummedNoise()
    {
        var q = new MarginalQuery([], [], NotMatched | Matched);

        var answer = Estimator(droppedNotMatched: 300, droppedMatched: 7).Answer(q);

        // Both groups carry weight 1: 307 plus a bound on the sum of two noises, which is less than two
        // single bounds (the noises rarely both fall far) and more than one.
        var single = NoiseSum.OneSidedBound(5, GlsEstimator.AlphaDropped);
        var widening = answer.Upper - answer.Estimate - answer.NoiseHalfWidth - 307;
        Assert.InRange(widening, single, 2 * single);
        Assert.Equal(answer.Estimate - answer.NoiseHalfWidth, answer.Lower, 9);
    }

    [Fact]
    public void NegativeNoisyCounts_NeverNarrowTheInterval()
    {
        var q = new MarginalQuery([], [], Matched);

        var answer = Estimator(droppedNotMatched: 0, droppedMatched: -500).Answer(q);

        Assert.Equal(answer.Estimate + answer.NoiseHalfWidth, answer.Upper, 9);
    }
}
