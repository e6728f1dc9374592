using System.Text.Json;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class QueryCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Release()
    {
        var ledger = _dir.File("l.db");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "3000", "--seed", "5", "--out", _dir.File("a.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "1", "--ledger", ledger).ExitCode);
        Assert.Equal(0, Support.Cli.Run("release", "--in", _dir.File("a.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("rel"), "--ledger", ledger, "--unsigned").ExitCode);
        return _dir.File("rel");
    }

    [Fact]
    public void Query_Json_HasTheDocumentedShape_AndText_ShowsEachRow()
    {
        var rel = Release();

        var byLevel = Support.Cli.Run("query", rel, "--measure", "removals", "--by", "offense_level", "--json");
        var total = Support.Cli.Run("query", rel, "--measure", "removals", "--json");
        var text = Support.Cli.Run("query", rel, "--measure", "arrests", "--by", "race", "--where", "district=A1", "--where", "district=B2");

        Assert.Equal(0, byLevel.ExitCode);
        var json = JsonDocument.Parse(byLevel.Output).RootElement;
        Assert.Equal("removals", json.GetProperty("measure").GetString());
        Assert.Equal(["offense_level"], json.GetProperty("by").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0.95, json.GetProperty("confidence").GetDouble());
        var rows = json.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.GetProperty("offense_level").GetString()));
        Assert.All(rows, r => Assert.Equal(["offense_level", "estimate", "lower", "upper", "noise_lower", "noise_upper"], r.EnumerateObject().Select(p => p.Name)));
        // The noise interval lies inside the interval for the true count, and holds the estimate.
        Assert.All(rows, r => Assert.True(r.GetProperty("lower").GetInt64() <= r.GetProperty("noise_lower").GetInt64()
            && r.GetProperty("noise_lower").GetInt64() <= r.GetProperty("estimate").GetInt64()
            && r.GetProperty("estimate").GetInt64() <= r.GetProperty("noise_upper").GetInt64()
            && r.GetProperty("noise_upper").GetInt64() <= r.GetProperty("upper").GetInt64(), r.ToString()));
        var published = File.ReadAllLines(Path.Combine(rel, "removals_by_level.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(published, rows.Select(r => r.GetProperty("estimate").GetInt64()));

        var one = Assert.Single(JsonDocument.Parse(total.Output).RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(["estimate", "lower", "upper", "noise_lower", "noise_upper"], one.EnumerateObject().Select(p => p.Name));
        Assert.Equal(published.Sum(), one.GetProperty("estimate").GetInt64());

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("arrests by race where district=A1|B2", text.Output);
        Assert.Matches(@"\n  race +estimate +from noise +with left-out records\n", text.Output);
        Assert.Equal(1 + 1 + 6, text.Output.Trim().Split('\n').Length); // every race code, no OTHER
    }

    [Fact]
    public void Query_TheReleaseCannotAnswer_ExitsTwo_NamingWhatItMeasures()
    {
        var rel = Release();

        var refused = Support.Cli.Run("query", rel, "--measure", "removals", "--by", "race");
        var badWhere = Support.Cli.Run("query", rel, "--measure", "arrests", "--where", "district");
        var notARelease = Support.Cli.Run("query", _dir.Path, "--measure", "arrests");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("cannot estimate removals by race", refused.Error);
        Assert.Contains("It measures: monthly (arrests, ident_matches by arrest_month)", refused.Error);
        Assert.Equal(1, badWhere.ExitCode); // a usage error, like any malformed option
        Assert.Contains("--where 'district' must be DIMENSION=VALUE", badWhere.Error);
        Assert.Equal(2, notARelease.ExitCode);
        Assert.Contains("this folder is not a release", notARelease.Error);
    }

    [Fact]
    public void Score_ReportsEachTableAndQuery_WithTheExactCounts()
    {
        var rel = Release();

        var text = Support.Cli.Run("score", rel, "--truth", _dir.File("a.csv"));
        var json = Support.Cli.Run("score", rel, "--truth", _dir.File("a.csv"), "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("exact counts, synthetic data only", text.Output);
        Assert.Contains("removals_by_level: removals", text.Output);
        Assert.Contains("ident_matches by ethnicity", text.Output);
        Assert.Contains("intervals containing the exact count:", text.Output);
        var root = JsonDocument.Parse(json.Output).RootElement;
        var truth = TrueCounts.Read(_dir.File("a.csv"));
        Assert.Equal(truth.Records, root.GetProperty("records").GetInt64());
        var total = root.GetProperty("queries").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "arrests");
        Assert.Equal(truth.Records, total.GetProperty("rows")[0].GetProperty("truth").GetInt64());
        var level = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "removals_by_level: removals");
        Assert.Equal(["offense_level", "truth", "estimate", "lower", "upper", "noise_lower", "noise_upper"], level.GetProperty("rows")[0].EnumerateObject().Select(p => p.Name));
        // cell_coverage is the share of the printed table rows whose interval holds their printed truth.
        var rows = root.GetProperty("tables").EnumerateArray().SelectMany(t => t.GetProperty("rows").EnumerateArray()).ToList();
        var held = rows.Count(r => r.GetProperty("lower").GetInt64() <= r.GetProperty("truth").GetInt64() && r.GetProperty("truth").GetInt64() <= r.GetProperty("upper").GetInt64());
        Assert.Equal((double)held / rows.Count, root.GetProperty("cell_coverage").GetDouble(), 12);
    }
}
