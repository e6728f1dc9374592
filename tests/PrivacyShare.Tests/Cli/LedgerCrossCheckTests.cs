using PrivacyShare.Ledger;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary><c>ledger verify --release</c>: the published folders and the ledger must tell the same story.</summary>
public sealed class LedgerCrossCheckTests : IDisposable
{
    private const string Dataset = "boston-secure-communities";
    private readonly TempFolder _dir = new();

    public LedgerCrossCheckTests()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "400", "--seed", "8", "--out", _dir.File("a.csv")).ExitCode);
        Directory.CreateDirectory(_dir.File("out"));
        Directory.CreateDirectory(_dir.File("other"));
        foreach (var ledger in new[] { "l.db", "other.db" })
        {
            Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "5", "--ledger", _dir.File(ledger)).ExitCode);
        }

        Release("l.db", "out/rel1");
        Release("l.db", "out/rel2");
        Release("other.db", "other/rel1");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FoldersAndLedgerThatAgree_Pass_GivenOneByOneOrAsTheirFolder()
    {
        var holder = Check(_dir.File("out"));
        var each = Check(_dir.File("out/rel1"), _dir.File("out/rel2"));

        Assert.Equal(0, holder.ExitCode);
        Assert.Contains("the release folders and the ledger agree", holder.Output);
        Assert.Equal(0, each.ExitCode);
    }

    [Fact]
    public void AFolderTheLedgerNeverCharged_IsReported()
    {
        var run = Check(_dir.File("out/rel1"), _dir.File("out/rel2"), _dir.File("other/rel1"));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains($"{_dir.File("other/rel1")}: release #1 of {Dataset}", run.Output);
        Assert.Contains("is not in the ledger as published", run.Output);
    }

    [Fact]
    public void AReleaseTheLedgerRecords_ButMissingFromTheFolders_IsReported()
    {
        var run = Check(_dir.File("out/rel1"));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("release #2 of boston-secure-communities", run.Output);
        Assert.Contains("is published in the ledger but not among the folders given", run.Output);
    }

    [Fact]
    public void AChargeNeitherPublishedNorAbandoned_IsReported()
    {
        using (var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true))
        {
            ledger.Reserve(Dataset, PrivacyShare.Privacy.Rational.One, _dir.File("out/rel3"));
        }

        var run = Check(_dir.File("out"));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains($"release #3 of {Dataset} into {_dir.File("out/rel3")} is neither published nor abandoned", run.Output);
        var budget = System.Text.Json.Nodes.JsonNode.Parse(Support.Cli.Run("budget", "show", "--ledger", _dir.File("l.db"), "--json").Output)!["datasets"]![0]!;
        Assert.Equal(_dir.File("out/rel3"), (string)budget["open"]![0]!["folder"]!);
        Assert.Equal(3m, (decimal)budget["spent"]!);
        Assert.Equal(2, budget["releases"]!.AsArray().Count);
    }

    private CliRun Check(params string[] folders) =>
        Support.Cli.Run(["ledger", "verify", "--ledger", _dir.File("l.db"), "--release", .. folders]);

    private void Release(string ledger, string folder)
    {
        var run = Support.Cli.Run("release", "--in", _dir.File("a.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File(folder), "--ledger", _dir.File(ledger), "--unsigned", "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);
    }
}
