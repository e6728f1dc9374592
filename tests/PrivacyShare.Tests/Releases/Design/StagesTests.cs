using PrivacyShare.Releases.Design;

namespace PrivacyShare.Tests.Releases.Design;

/// <summary>The stage algebra: which stages a measure sums, the groups a table measures, their names.</summary>
public sealed class StagesTests
{
    [Theory]
    [InlineData(Measure.Arrests, "not_matched+matched_no_detainer+detainer_not_removed+removed")]
    [InlineData(Measure.IdentMatches, "matched_no_detainer+detainer_not_removed+removed")]
    [InlineData(Measure.Detainers, "detainer_not_removed+removed")]
    [InlineData(Measure.Removals, "removed")]
    public void AMeasure_SumsItsFirstStageAndEveryLaterOne(Measure measure, string stages) =>
        Assert.Equal(stages, Stages.Describe(Stages.Of(measure)));

    public static TheoryData<Measure[], string[]> Groups => new()
    {
        { [Measure.Arrests], ["not_matched+matched_no_detainer+detainer_not_removed+removed"] },
        { [Measure.Arrests, Measure.IdentMatches], ["not_matched", "matched_no_detainer+detainer_not_removed+removed"] },
        { [Measure.IdentMatches, Measure.Arrests], ["not_matched", "matched_no_detainer+detainer_not_removed+removed"] },
        { [Measure.Removals], ["removed"] },
        { [Measure.Detainers, Measure.Removals], ["detainer_not_removed", "removed"] },
        { [Measure.Arrests, Measure.IdentMatches, Measure.Detainers, Measure.Removals], ["not_matched", "matched_no_detainer", "detainer_not_removed", "removed"] },
    };

    [Theory]
    [MemberData(nameof(Groups))]
    public void ATablesGroups_AreTheCoarsestPartition_EveryMeasureIsASumOf(Measure[] measures, string[] expected)
    {
        var groups = Stages.GroupsFor(measures);

        Assert.Equal(expected, groups.Select(Stages.Describe));
        // Disjoint, and every measure is a union of whole groups.
        Assert.Equal(groups.Length, groups.Select(g => (int)g).Distinct().Count());
        Assert.Equal(0, groups.Select(g => (int)g).Aggregate(0, (seen, g) => (seen & g) != 0 ? -1 : seen | g) & ~15);
        foreach (var m in measures)
        {
            Assert.Equal(Stages.Of(m), Stages.Union(groups.Where(g => (g & Stages.Of(m)) != StageSet.None)));
        }
    }

    [Fact]
    public void EveryNonEmptySet_RoundTripsThroughItsName()
    {
        for (var mask = 1; mask < 16; mask++)
        {
            var text = Stages.Describe((StageSet)mask);

            Assert.True(Stages.TryParse(text, out var parsed), text);
            Assert.Equal((StageSet)mask, parsed);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("removed+removed")]
    [InlineData("removals")]
    [InlineData("removed+")]
    public void ANameThatIsNotASet_IsRefused(string text)
    {
        Assert.False(Stages.TryParse(text, out var parsed));
        Assert.Equal(StageSet.None, parsed);
    }

    [Fact]
    public void EachStage_FindsTheOneGroupHoldingIt_OrNone()
    {
        var groups = Stages.GroupsFor([Measure.IdentMatches, Measure.Removals]); // matched_no_detainer+detainer_not_removed, removed

        Assert.Equal([-1, 0, 0, 1], Stages.GroupOfStage(groups));
    }
}
