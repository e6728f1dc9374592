using PrivacyShare.Releases;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>
/// A one-shot release whose tables have an arrest month counts each bound's left-out records per month
/// (#21): a month's interval allows for that month's left-out records, not for every record the bound
/// left out anywhere; a table without months still allows for all of them. The example spec, with the
/// arrests' left-out records all in the first month (as when one busy month holds the repeat arrests).
/// </summary>
public sealed class PerMonthAllowanceTests
{
    private const int Many = 1000;

    private static (long Month0, long Month1, long DistrictRace) Above(long inFirstMonth)
    {
        var design = ReleaseSpec.Load(Specs.ExamplePath).Design;
        var arrests = design.Dropped[0];
        Assert.Equal("arrest_month", arrests.PeriodDimension?.Name);
        Assert.Single(design.Dropped); // removals_by_level refuses records beyond its bound: no count

        var measured = design.Tables.Select(t => new double[t.Cells * t.Groups.Length]).ToArray();
        var dropped = new List<(int Class, int Group, long Value, long Sequence)>();
        for (var slot = 0; slot < arrests.Counts; slot++)
        {
            dropped.Add((0, slot, slot == 0 ? inFirstMonth : 0, 1)); // slot 0: the first month, not_matched
        }

        var published = design.Estimator(measured, dropped, [.. measured.Select(m => m.Select(_ => 1L).ToArray())]).Publish();
        var monthly = published.Single(t => t.Name == "monthly");
        var measures = design.Tables.Single(t => t.Name == "monthly").Measures.Length;
        var districtRace = published.Single(t => t.Name == "district_by_race");
        return (monthly.Intervals[0].Allowance.Above, monthly.Intervals[measures].Allowance.Above, districtRace.Intervals.Min(i => i.Allowance.Above));
    }

    [Fact]
    public void LeftOutRecordsOfOneMonth_WidenThatMonth_AndTablesWithoutMonths_NotOtherMonths()
    {
        var none = Above(0);
        var many = Above(Many);

        Assert.InRange(many.Month0 - none.Month0, Many - 10, Many + 10);
        Assert.InRange(many.Month1 - none.Month1, -10, 10);
        Assert.InRange(many.DistrictRace - none.DistrictRace, Many - 10, Many + 10);
    }

    [Theory]
    [InlineData(1, 0.05, "arrest_month")] // the example: monthly pays about 63% of the arrests' count
    [InlineData(0.05, 1, null)] // district_by_race and by_ethnicity pay most: one count, as they need
    public void TheTablesThatPayForTheCount_DecideWhetherItIsKeptPerMonth(double monthly, double others, string? expected)
    {
        using var dir = new TempFolder();
        var path = Specs.Write(dir, spec =>
        {
            foreach (var table in spec["tables"]!.AsArray())
            {
                var name = (string)table!["name"]!;
                table["weight"] = name == "monthly" ? monthly : name == "removals_by_level" ? 2000 : others;
            }
        });

        Assert.Equal(expected, ReleaseSpec.Load(path).Design.Dropped[0].PeriodDimension?.Name);
    }
}
