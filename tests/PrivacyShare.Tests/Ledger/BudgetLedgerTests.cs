using System.Diagnostics;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Ledger;

public sealed class BudgetLedgerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SetBudget_RecordsEveryChange_AndRefusesGoingBelowSpent()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"));
        ledger.SetBudget("d", Rational.Parse("1"));
        ledger.Spend("d", Rational.Parse("0.7"), _ => ("d", "1", new string('a', 64)));
        ledger.SetBudget("d", Rational.Parse("2"));

        var e = Assert.Throws<RefusedException>(() => ledger.SetBudget("d", Rational.Parse("0.5")));

        Assert.Contains("already spent epsilon 0.7", e.Message);
        Assert.Equal(["budget", "release", "budget"], ledger.Entries().Select(x => x.Kind));
        Assert.Equal(Rational.Parse("1.3"), ledger.Status("d").Remaining);
    }

    [Fact]
    public void Entries_FormAHashChain_ComputedFromTheirFields()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"));
        ledger.SetBudget("d", Rational.Parse("3"));
        ledger.Spend("d", Rational.One, s => ("d", "1", new string('b', 64)));
        ledger.Spend("d", Rational.One, s => ("d", "2", new string('c', 64)));

        var previous = LedgerEntry.Genesis;
        foreach (var x in ledger.Entries())
        {
            Assert.Equal(previous, x.PreviousHash);
            Assert.Equal(LedgerEntry.HashOf(LedgerEntry.CanonicalText(x.Id, x.Kind, x.Dataset, x.Epsilon, x.Sequence, x.Name, x.Version, x.ManifestSha256, x.CreatedAt, x.PreviousHash)), x.Hash);
            previous = x.Hash;
        }
    }

    [Fact]
    public void Spend_RefusedRelease_NeverRunsThePublisher()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"));
        ledger.SetBudget("d", Rational.Parse("0.5"));
        var ran = false;

        Assert.Throws<RefusedException>(() => ledger.Spend("d", Rational.One, _ => { ran = true; return ("d", "1", ""); }));

        Assert.False(ran);
    }

    [Fact]
    public void Spend_PublisherFailure_SpendsNothing()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"));
        ledger.SetBudget("d", Rational.One);

        Assert.Throws<IOException>(() => ledger.Spend("d", Rational.One, _ => throw new IOException("disk full")));

        Assert.Equal(Rational.Zero, ledger.Status("d").Spent);
    }

    [Fact]
    public void Ledger_IsReadableWithTheSqlite3Shell()
    {
        using (var ledger = BudgetLedger.Open(_dir.File("l.db")))
        {
            ledger.SetBudget("d", Rational.Parse("2.5"));
        }

        var run = Processes.Run("sqlite3", null, _dir.File("l.db"), "SELECT kind, dataset, epsilon FROM ledger_entries;");
        if (run is null)
        {
            return; // sqlite3 is not installed here; .ci/run installs it.
        }

        Assert.Equal(0, run.Value.Code);
        Assert.Equal("budget|d|2.5", run.Value.Output.Trim());
    }

    [Fact]
    public void ParallelReleaseProcesses_NeverOverspend()
    {
        // Budget for two releases of epsilon 1; six processes start at once.
        var ledgerPath = _dir.File("l.db");
        using (var ledger = BudgetLedger.Open(ledgerPath))
        {
            ledger.SetBudget("boston-secure-communities", Rational.Parse("2.5"));
        }

        var input = _dir.Write("in.csv", Extracts.Csv(Enumerable.Repeat(Extracts.GoodRow, 200).ToArray()));
        var cli = Path.Combine(AppContext.BaseDirectory, "PrivacyShare.Cli.dll");
        var processes = Enumerable.Range(0, 6).Select(i => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "release", "--in", input, "--spec", Specs.ExamplePath, "--out", _dir.File($"rel{i}"), "--ledger", ledgerPath, "--unsigned" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!).ToList();
        var exits = processes.Select(p =>
        {
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }).ToList();

        Assert.Equal(2, exits.Count(c => c == 0));
        Assert.Equal(4, exits.Count(c => c == 3));
        Assert.Equal(2, Enumerable.Range(0, 6).Count(i => Directory.Exists(_dir.File($"rel{i}"))));
        using var check = BudgetLedger.Open(ledgerPath);
        var status = check.Status("boston-secure-communities");
        Assert.Equal(Rational.Parse("2"), status.Spent);
        Assert.Equal([1L, 2L], status.Releases.Select(r => r.Sequence!.Value));
    }
}
