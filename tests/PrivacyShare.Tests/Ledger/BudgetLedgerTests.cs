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
        var r = ledger.Reserve("d", Rational.Parse("0.7"), _dir.File("rel"));
        ledger.Publish(r.EntryId, "d", "1", new string('a', 64));
        ledger.SetBudget("d", Rational.Parse("2"));

        var e = Assert.Throws<RefusedException>(() => ledger.SetBudget("d", Rational.Parse("0.5")));

        Assert.Contains("already spent epsilon 0.7", e.Message);
        Assert.Equal(["budget", "reserve", "publish", "budget"], ledger.Entries().Select(x => x.Kind));
        Assert.Equal(Rational.Parse("1.3"), ledger.Status("d").Remaining);
    }

    [Fact]
    public void Entries_FormAHashChain_WithMacsThatPythonsHmacReproduces()
    {
        using (var ledger = BudgetLedger.Open(_dir.File("l.db")))
        {
            ledger.SetBudget("d", Rational.Parse("3"));
            var r = ledger.Reserve("d", Rational.One, _dir.File("rel1"));
            ledger.Publish(r.EntryId, "d", "1", new string('b', 64));
            ledger.Abandon(ledger.Reserve("d", Rational.One, _dir.File("rel2")).EntryId);
        }

        // The documented canonical text (SECURITY.md), rebuilt here field by field, not by the library.
        var previous = new string('0', 64);
        var rows = Processes.Run("sqlite3", null, "-separator", "|", _dir.File("l.db"),
            "SELECT id, kind, dataset, epsilon, ifnull(sequence,''), ifnull(name,''), ifnull(version,''), ifnull(manifest_sha256,''), ifnull(reservation,''), ifnull(folder,''), created_at, previous_hash, hash, mac FROM ledger_entries ORDER BY id;");
        if (rows is null)
        {
            return; // sqlite3 is not installed here; .ci/run installs it.
        }

        var lines = rows.Value.Output.Trim().Split('\n');
        Assert.Equal(5, lines.Length);
        var key = File.ReadAllLines(_dir.File("l.db.key"))[1]["ledger-hmac-sha256:".Length..];
        foreach (var f in lines.Select(l => l.Split('|')))
        {
            var text = $"privacyshare-ledger/2\n{f[0]}\n{f[1]}\n{f[2]}\n{f[3]}\n{f[4]}\n{f[5]}\n{f[6]}\n{f[7]}\n{f[8]}\n{f[9]}\n{f[10]}\n{f[11]}\n";
            Assert.Equal(previous, f[11]);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), f[12]);
            var mac = Processes.Run("python3", null, "-c",
                "import hmac,hashlib,sys; print(hmac.new(bytes.fromhex(sys.argv[1]), ('privacyshare-ledger-mac/1\\n'+sys.argv[2]+'\\n').encode(), hashlib.sha256).hexdigest())", key, f[12]);
            Assert.NotNull(mac);
            Assert.Equal(mac.Value.Output.Trim(), f[13]);
            previous = f[12];
        }
    }

    [Fact]
    public void Reserve_WithoutEnoughBudget_WritesNothing()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"));
        ledger.SetBudget("d", Rational.Parse("0.5"));

        Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.One, _dir.File("rel")));

        Assert.Single(ledger.Entries());
        Assert.Equal(Rational.Zero, ledger.Status("d").Spent);
    }

    [Fact]
    public void AnAbandonedCharge_StaysSpent_AndTheNextReleaseStatesIt()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"));
        ledger.SetBudget("d", Rational.Parse("3"));
        var first = ledger.Reserve("d", Rational.Parse("0.5"), _dir.File("a"));
        ledger.Publish(first.EntryId, "d", "1", new string('c', 64));
        var crashed = ledger.Reserve("d", Rational.Parse("0.25"), _dir.File("b"));

        // Open: a second charge is refused until the first is settled.
        Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.One, _dir.File("c")));
        ledger.Abandon(crashed.EntryId);
        Assert.Throws<RefusedException>(() => ledger.Publish(crashed.EntryId, "d", "2", new string('d', 64)));
        var next = ledger.Reserve("d", Rational.One, _dir.File("c"));

        Assert.Equal(2, next.Sequence);
        Assert.Equal(new string('c', 64), next.PreviousManifestSha256);
        Assert.Equal(Rational.Parse("0.25"), next.AbandonedEpsilon);
        Assert.Equal(Rational.Parse("1.75"), next.CumulativeEpsilon);
        Assert.Empty(ledger.VerifyChain());
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
