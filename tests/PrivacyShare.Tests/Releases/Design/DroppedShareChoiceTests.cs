using System.Text.Json.Nodes;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Design;

/// <summary>
/// "dropped_share": "auto" (#21) chooses each table's share of its epsilon for its dropped-records count
/// by the expected widths of the published intervals, from the spec alone.
/// </summary>
public sealed class DroppedShareChoiceTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private ReleaseSpec Load(object share, Action<JsonObject>? edit = null) => ReleaseSpec.Load(Specs.Write(_dir, j =>
    {
        j["privacy"]!["dropped_share"] = JsonValue.Create(share);
        edit?.Invoke(j);
    }, $"spec-{Guid.NewGuid():N}.json"));

    [Fact]
    public void Auto_GivesEachTableItsShare_AndTheDesignSpendsThem()
    {
        var spec = Load("auto");
        var choice = spec.ShareChoice!;
        var design = spec.Design;

        // One share per table, never above the default (a larger one would make the table's estimates
        // noisier); none for removals_by_level, which refuses records beyond its bound.
        Assert.Equal(design.Tables.Length, choice.Shares.Length);
        for (var i = 0; i < design.Tables.Length; i++)
        {
            var t = design.Tables[i];
            if (t.RefusesBeyondBound)
            {
                Assert.Null(choice.Shares[i]);
                Assert.Equal(t.Epsilon, t.MeasurementEpsilon);
                continue;
            }

            var share = choice.Shares[i]!.Value;
            Assert.True(share >= new Rational(5, 100) && share <= DroppedShareChoice.Default, share.ToString());
            Assert.Equal(t.Epsilon * (Rational.One - share), t.MeasurementEpsilon);
        }

        // The count's epsilon is what its tables give it, each at its own share.
        var arrests = design.Dropped.Single();
        Assert.Equal(PrivacyAccounting.Compose(design.Tables.Select((t, i) => (t, i)).Where(x => x.t.Dropped == 0).Select(x => x.t.Epsilon * choice.Shares[x.i]!.Value)), arrests.Epsilon);

        // A fixed share is used as given, for every table.
        var fixedShare = Load(0.25);
        Assert.Null(fixedShare.ShareChoice);
        Assert.All(fixedShare.Design.Tables.Where(t => !t.RefusesBeyondBound), t => Assert.Equal(t.Epsilon * new Rational(3, 4), t.MeasurementEpsilon));
    }

    [Fact]
    public void ByWidthAlone_TheSharesDiffer_AndEveryExpectedWidthIsNarrower_WhileTheCapKeepsTheExampleAtTheDefault()
    {
        var spec = Load("auto");
        var tables = spec.Design.Tables.Select((t, i) => new DeclaredTable(t.Name, t.Dimensions, t.Measures, t.Epsilon, i switch { 0 => 1m, 1 => 2000m, _ => 0.05m }, t.Bound, t.RefusesBeyondBound)).ToList();
        var probe = ReleaseDesign.Create(spec.Design.Heading, tables, DroppedShareChoice.Default, null, "(test)", forRelease: false);

        // With shares up to 0.5 the cross-tabulations (weighted 0.05, wide already) give more than the
        // headline table, and every table's expected interval for the true count is narrower than at 0.2.
        var wide = DroppedShareChoice.Choose(tables, probe, highest: 50);
        Assert.True(wide.Shares.Where(s => s is not null).Distinct().Count() > 1, string.Join(", ", wide.Shares));
        Assert.True(wide.Shares[0] > DroppedShareChoice.Default, $"{wide.Shares[0]}");
        Assert.All(wide.Widths, w => Assert.True(w.Chosen < w.AtDefault, $"{w.Table} {w.Measure}: {w.Chosen} vs {w.AtDefault}"));

        // Capped at the default, nothing on the example pays for going lower: the design is the fixed 0.2's.
        var capped = DroppedShareChoice.Choose(tables, probe);
        Assert.All(capped.Shares.Where(s => s is not null), s => Assert.Equal(DroppedShareChoice.Default, s));
        Assert.Equal(Load(0.2).Design.Tables.Select(t => t.Scale), spec.Design.Tables.Select(t => t.Scale));
    }

    [Fact]
    public void Auto_InACalendar_IsAClearError()
    {
        var path = _dir.Write("calendar.json", File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "releases", "boston-calendar.json")));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["privacy"]!["dropped_share"] = "auto";
        File.WriteAllText(path, json.ToJsonString());

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.Contains("field 'privacy.dropped_share': is auto, which a calendar does not take yet", e.Message, StringComparison.Ordinal);
    }
}
