using System.Text.Json;
using PrivacyShare.Releases.Design;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class ReleaseCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Chain_SynthPseudonymizeBudgetReleaseShow_Works()
    {
        var ledger = _dir.File("l.db");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "3000", "--seed", "1", "--out", _dir.File("a.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("pseudonymize", "--in", _dir.File("a.csv"), "--key", _dir.File("k.key"), "--out", _dir.File("p.csv")).ExitCode);
        var set = Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "3", "--ledger", ledger);
        var release = Support.Cli.Run("release", "--in", _dir.File("p.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("rel"), "--ledger", ledger, "--unsigned");
        var show = Support.Cli.Run("budget", "show", "--ledger", ledger, "--json");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(0, release.ExitCode);
        Assert.Matches(@"\n  removals_by_level\.csv +3 ", release.Output);
        Assert.Matches(@"removals +±\d+ +±\d+", release.Output);
        Assert.Contains("left out by a contribution bound, 0 beyond twice a bound", release.Error);
        Assert.DoesNotContain("warning:", release.Error);
        var json = JsonDocument.Parse(show.Output).RootElement.GetProperty("datasets")[0];
        Assert.Equal(3m, json.GetProperty("total").GetDecimal());
        Assert.Equal(1m, json.GetProperty("spent").GetDecimal());
        Assert.Equal(2m, json.GetProperty("remaining").GetDecimal());
        Assert.Equal(1, json.GetProperty("releases").GetArrayLength());
    }

    [Fact]
    public void Plan_PrintsEachTablesBudgetAndHalfWidths_WithoutDataOrLedger()
    {
        var text = Support.Cli.Run("plan", "--spec", Specs.ExamplePath);
        var json = Support.Cli.Run("plan", "--spec", Specs.ExamplePath, "--json");
        var doubled = Support.Cli.Run("plan", "--spec", Specs.ExamplePath, "--epsilon", "2", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("epsilon 1 in total; no data read, no budget spent", text.Output);
        Assert.Matches(@"\n  removals_by_level\.csv +3 +0\.\d+ +1 ", text.Output);
        Assert.Matches(@"\n  district_by_race\.csv +72 ", text.Output);
        var plan = JsonDocument.Parse(json.Output).RootElement;
        var more = JsonDocument.Parse(doubled.Output).RootElement;
        Assert.Equal("1", plan.GetProperty("epsilon").GetString());
        Assert.Equal("2", more.GetProperty("epsilon").GetString());
        var spec = PrivacyShare.Releases.ReleaseSpec.Load(Specs.ExamplePath);
        for (var t = 0; t < spec.Design.Tables.Length; t++)
        {
            var table = plan.GetProperty("tables")[t];
            Assert.Equal(spec.Design.Tables[t].Name, table.GetProperty("name").GetString());
            Assert.Equal(spec.Design.Tables[t].Epsilon.ToString(), table.GetProperty("epsilon").GetString());
            Assert.Equal(spec.Design.Tables[t].Scale.ToString(), table.GetProperty("scale").GetString());
            foreach (var m in spec.Design.Tables[t].Measures)
            {
                // Twice the epsilon, the same split: half the noise scale, about half the half-width.
                var cell = table.GetProperty("half_widths").GetProperty(Measures.Name(m)).GetProperty("cell").GetDouble();
                var half = more.GetProperty("tables")[t].GetProperty("half_widths").GetProperty(Measures.Name(m)).GetProperty("cell").GetDouble();
                Assert.InRange(half / cell, 0.4, 0.6);
            }
        }

        Assert.False(File.Exists(_dir.File("l.db")));
    }

    [Fact]
    public void Plan_BadEpsilon_IsAClearError()
    {
        var run = Support.Cli.Run("plan", "--spec", Specs.ExamplePath, "--epsilon", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the total epsilon 0 must be above 0 and at most 100", run.Error);
    }

    [Fact]
    public void BadSpec_IsAnInputError_BeforeTheInputIsRead()
    {
        var spec = Specs.Write(_dir, j => j["period"] = null);

        var run = Support.Cli.Run("release", "--in", _dir.File("missing.csv"), "--spec", spec, "--out", _dir.File("rel"), "--ledger", _dir.File("l.db"), "--unsigned");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("field 'period'", run.Error);
        Assert.False(File.Exists(_dir.File("l.db")));
    }

    [Fact]
    public void BudgetShow_Text_ListsTotalsAndReleases()
    {
        var ledger = _dir.File("l.db");
        Support.Cli.Run("budget", "set", "--dataset", "d1", "--epsilon", "0.5", "--ledger", ledger);

        var show = Support.Cli.Run("budget", "show", "--ledger", ledger);

        Assert.Contains("d1: person-level budget 0.5, spent 0, remaining 0.5", show.Output);
    }

    [Fact]
    public void LedgerDefaultsToTheEnvironmentVariable()
    {
        var ledger = _dir.File("env.db");
        Environment.SetEnvironmentVariable("PRIVACYSHARE_LEDGER", ledger);
        try
        {
            Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "1").ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PRIVACYSHARE_LEDGER", null);
        }

        Assert.True(File.Exists(ledger));
    }

    [Fact]
    public void Release_RecordsBeyondTwiceABound_AreCountedForTheOperator_AndTheReleaseStaysSilentAboutThem()
    {
        // One person (one FBI number) arrested 14 times: the arrests table's bound 6 keeps 6, the
        // dropped-records count holds 7 to 12, and records 13 and 14 are in no measurement.
        var rows = Enumerable.Range(1, 14).Select(i => Extracts.RowWith("booking_id", $"08-{i:D8}")).ToArray();
        var input = _dir.Write("one-person.csv", Extracts.Csv(rows));
        var ledger = _dir.File("l.db");
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "3", "--ledger", ledger).ExitCode);

        var release = Support.Cli.Run("release", "--in", input, "--spec", Specs.ExamplePath, "--out", _dir.File("rel"), "--ledger", ledger, "--unsigned");

        Assert.Equal(0, release.ExitCode);
        Assert.Contains("14 records read, 6 used, 0 outside the period, 8 left out by a contribution bound, 2 beyond twice a bound", release.Error);
        Assert.Contains("warning: 2 records lay beyond twice a contribution bound", release.Error);
        // The release states its coverage rule, never whether anyone broke it.
        foreach (var file in Directory.GetFiles(_dir.File("rel")))
        {
            Assert.DoesNotContain("beyond twice a contribution bound", File.ReadAllText(file));
        }

        Assert.Contains("except a person's records beyond twice the table's bound", File.ReadAllText(Path.Combine(_dir.File("rel"), "METHODOLOGY.md")));
        var privacy = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.File("rel"), "datapackage.json"))).RootElement.GetProperty("privacy");
        Assert.Equal("the true count of every record except a person's records beyond twice the table's contribution_bound", privacy.GetProperty("intervals_cover").GetString());
    }
}
