using System.Collections.Immutable;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Tests.Releases.Estimation;

/// <summary>The margin lattice: every shared margin once, each under the one margin it adds up to.</summary>
public sealed class MarginLatticeTests
{
    private const int All = 0b1111, NotMatched = 0b0001, Matched = 0b1110, Removed = 0b1000;

    [Fact]
    public void TwoTablesSharingATotal_HangUnderThatTotal()
    {
        // month x {arrests} and month x {not matched, matched}: they share the monthly arrests.
        var a = new Margin(0b01, [All]);
        var b = new Margin(0b01, [NotMatched, Matched]);

        var lattice = MarginLattice.Build([("a", a), ("b", b)], out var problem);

        Assert.Null(problem);
        Assert.Equal(2, lattice.Order.Length);
        Assert.Null(lattice.Parents[a]);
        Assert.Equal(a, lattice.Parents[b]);
        Assert.True(lattice.Order.IndexOf(a) < lattice.Order.IndexOf(b));
    }

    [Fact]
    public void TheMeetOfTwoTables_IsAddedOnce_AsTheirCommonParent()
    {
        // district x race and district x level: they share arrests by district, which neither publishes alone.
        var districtRace = new Margin(0b011, [All]);
        var districtLevel = new Margin(0b101, [All]);

        var lattice = MarginLattice.Build([("dr", districtRace), ("dl", districtLevel)], out var problem);

        Assert.Null(problem);
        var district = new Margin(0b001, [All]);
        Assert.Equal(3, lattice.Order.Length);
        Assert.Equal(district, lattice.Order[0]);
        Assert.Equal(district, lattice.Parents[districtRace]);
        Assert.Equal(district, lattice.Parents[districtLevel]);
    }

    [Fact]
    public void TablesWithNoCommonStages_ShareNoMargin()
    {
        var removals = new Margin(0b1, [Removed]);
        var notMatched = new Margin(0b1, [NotMatched]);

        var lattice = MarginLattice.Build([("r", removals), ("n", notMatched)], out var problem);

        Assert.Null(problem);
        Assert.Null(lattice.Parents[removals]);
        Assert.Null(lattice.Parents[notMatched]);
    }

    [Fact]
    public void AMarginUnderTwoMarginsThatDoNotNest_IsRefused_NamingTheTables()
    {
        // t over (0, 1, 2) shares (0, 1) with a and (0, 2) with b: two parents that do not nest.
        var t = new Margin(0b111, [All]);
        var a = new Margin(0b011, [All]);
        var b = new Margin(0b101, [All]);

        MarginLattice.Build([("t", t), ("a", a), ("b", b)], out var problem);

        Assert.NotNull(problem);
        Assert.StartsWith("t shares one margin with a and another with b", problem);
    }

    [Fact]
    public void RandomDesigns_GiveEachMarginACoarserParent_OrderedBeforeIt()
    {
        var random = new Random(7);
        ImmutableArray<int>[] stageChoices = [[All], [NotMatched, Matched], [Removed], [NotMatched, 0b0110, Removed]];
        for (var trial = 0; trial < 300; trial++)
        {
            var tables = Enumerable.Range(0, random.Next(1, 5))
                .Select(i => ($"t{i}", new Margin(random.Next(1, 16), stageChoices[random.Next(stageChoices.Length)]))).ToList();

            var lattice = MarginLattice.Build(tables, out var problem);

            Assert.All(tables, t => Assert.Contains(t.Item2, lattice.Order));
            foreach (var m in lattice.Order)
            {
                if (lattice.Parents[m] is { } parent)
                {
                    Assert.True(parent.IsCoarserOrEqual(m) && !parent.Equals(m), $"{parent} is not strictly coarser than {m}");
                    Assert.True(lattice.Order.IndexOf(parent) < lattice.Order.IndexOf(m));
                }
            }

            // Any two margins' meet is in the lattice: shared margins get one set of display values.
            foreach (var (x, y) in lattice.Order.SelectMany(x => lattice.Order, (x, y) => (x, y)))
            {
                if (Margin.Meet(x, y) is { } meet)
                {
                    Assert.Contains(meet, lattice.Order);
                }
            }

            // Without a problem, the margins above each margin nest: each is its parent or above it.
            if (problem is null)
            {
                foreach (var m in lattice.Order.Where(m => lattice.Parents[m] is not null))
                {
                    var parent = lattice.Parents[m]!;
                    Assert.All(lattice.Order.Where(x => !x.Equals(m) && x.IsCoarserOrEqual(m)), x => Assert.True(x.IsCoarserOrEqual(parent), $"{x} is above {m} but not above its parent {parent}"));
                }
            }
        }
    }
}
