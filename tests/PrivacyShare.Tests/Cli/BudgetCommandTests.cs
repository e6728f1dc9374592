using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class BudgetCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void BudgetSet_ARaiseWithoutAReason_IsRefused_AndTheReasonIsShown()
    {
        var ledger = _dir.File("l.db");
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "2", "--ledger", ledger).ExitCode);

        var refused = Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "3", "--ledger", ledger);
        var raised = Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "3", "--reason", "a third year, council order 17", "--ledger", ledger);
        var lowered = Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "2.5", "--ledger", ledger);
        var show = Support.Cli.Run("budget", "show", "--ledger", ledger);
        var json = System.Text.Json.JsonDocument.Parse(Support.Cli.Run("budget", "show", "--ledger", ledger, "--json").Output).RootElement;

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("raising its budget from epsilon 2 to 3 needs a reason", refused.Error);
        Assert.Equal(0, raised.ExitCode);
        Assert.Equal(0, lowered.ExitCode);
        Assert.Contains("budget set to 3 at ", show.Output);
        Assert.Contains(": a third year, council order 17", show.Output);
        Assert.Contains("charged to every period: 0", show.Output);
        var history = json.GetProperty("datasets")[0].GetProperty("budget_history");
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal("a third year, council order 17", history[1].GetProperty("reason").GetString());
        Assert.Contains("--reason", Support.Cli.Run("budget", "set", "--help").Output);
    }

    [Fact]
    public void ASecondRelease_OverTheSameMonths_SaysSoBeforeItSpends_AndANewDatasetNameIsNoted()
    {
        CliRelease.Make(_dir, 400);

        var again = Support.Cli.Run("release", "--in", _dir.File("in.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("rel2"), "--ledger", _dir.File("l.db"), "--unsigned", "--quiet");
        var other = Support.Cli.Run("budget", "set", "--dataset", "boston-2", "--epsilon", "1", "--ledger", _dir.File("l.db"));
        var show = Support.Cli.Run("budget", "show", "--ledger", _dir.File("l.db"), "--dataset", "boston-secure-communities");

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("notice: dataset 'boston-secure-communities': this release reads 2008-10 to 2010-06, and 2008-10 to 2010-06 was published already by release(s) #1 (2008-10 to 2010-06)", again.Error);
        Assert.Contains("charged again (epsilon 1)", again.Error);
        Assert.Equal(0, other.ExitCode);
        Assert.Contains("note: boston-2 is a new dataset with its own budget; this ledger has released other datasets (boston-secure-communities)", other.Output);
        Assert.Contains("person-level budget 5, spent 2, remaining 3", show.Output);
        Assert.Contains("charged to every period: 2", show.Output);
    }
}
