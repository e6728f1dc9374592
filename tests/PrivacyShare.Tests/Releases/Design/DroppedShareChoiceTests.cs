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

        // One share per table; none for removals_by_level, which refuses records beyond its bound.
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
            Assert.True(share >= new Rational(5, 100) && share <= new Rational(50, 100), share.ToString());
            Assert.Equal(t.Epsilon * (Rational.One - share), t.MeasurementEpsilon);
        }

        // The count's epsilon is what its tables give it, each at its own share.
        var arrests = design.Dropped.Single();
        Assert.Equal(PrivacyAccounting.Compose(design.Tables.Select((t, i) => (t, i)).Where(x => x.t.Dropped == 0).Select(x => x.t.Epsilon * choice.Shares[x.i]!.Value)), arrests.Epsilon);

        // The shares differ between tables (the cross-tabulations, wide already and weighted 0.05, give
        // more than their part), and the intervals they give are narrower than at 0.2 each.
        Assert.True(choice.Shares.Where(s => s is not null).Distinct().Count() > 1, string.Join(", ", choice.Shares));
        Assert.All(choice.Widths, w => Assert.True(w.Chosen < w.AtDefault, $"{w.Table} {w.Measure}: {w.Chosen} vs {w.AtDefault}"));

        // A fixed share is used as given, for every table.
        var fixedShare = Load(0.25);
        Assert.Null(fixedShare.ShareChoice);
        Assert.All(fixedShare.Design.Tables.Where(t => !t.RefusesBeyondBound), t => Assert.Equal(t.Epsilon * new Rational(3, 4), t.MeasurementEpsilon));
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
