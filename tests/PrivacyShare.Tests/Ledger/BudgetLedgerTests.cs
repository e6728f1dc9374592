using System.Diagnostics;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Ledger;

public sealed class BudgetLedgerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SetBudget_RecordsEveryChange_AndRefusesGoingBelowSpent()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
        ledger.SetBudget("d", Rational.Parse("1"));
        var r = ledger.Reserve("d", Rational.Parse("0.7"), _dir.File("rel"));
        ledger.Publish(r.EntryId, "d", "1", new string('a', 64));
        ledger.SetBudget("d", Rational.Parse("2"), "the council approved a second year of reporting");

        var e = Assert.Throws<RefusedException>(() => ledger.SetBudget("d", Rational.Parse("0.5")));

        Assert.Contains("already spent epsilon 0.7", e.Message);
        Assert.Equal(["budget", "reserve", "publish", "budget"], ledger.Entries().Select(x => x.Kind));
        Assert.Equal(Rational.Parse("1.3"), ledger.Status("d").Remaining);
    }

    [SkippableFact]
    public void Entries_FormAHashChain_WithMacsThatPythonsHmacReproduces()
    {
        using (var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true))
        {
            ledger.SetBudget("d", Rational.Parse("3"), "first | budget");
            var r = ledger.Reserve("d", Rational.One, _dir.File("rel1"));
            ledger.Publish(r.EntryId, "d", "1", new string('b', 64));
            ledger.Abandon(ledger.Reserve("d", Rational.One, _dir.File("rel2")).EntryId);
        }

        // The documented canonical text (SECURITY.md), rebuilt here field by field, not by the library.
        var previous = new string('0', 64);
        var rows = Processes.Run("sqlite3", null, "-separator", "|", _dir.File("l.db"),
            "SELECT id, kind, dataset, epsilon, ifnull(sequence,'~'), ifnull(name,'~'), ifnull(version,'~'), ifnull(manifest_sha256,'~'), ifnull(reservation,'~'), ifnull(folder,'~'), ifnull(periods,'~'), ifnull(charged_to,'~'), replace(ifnull(reason,'~'), '|', '<bar>'), ifnull(ledger_sequence,'~'), ifnull(store,'~'), created_at, previous_hash, hash, mac FROM ledger_entries ORDER BY id;");
        Tools.Require(rows is not null, "sqlite3");

        var lines = rows.Value.Output.Trim().Split('\n');
        Assert.Equal(5, lines.Length);
        var key = File.ReadAllLines(_dir.File("l.db.key"))[1]["ledger-hmac-sha256:".Length..];
        Assert.Contains("|first <bar> budget|", lines[0]);
        Assert.Contains("|2008-10..2010-06|every|~|2|", lines[3]);
        foreach (var f in lines.Select(l => l.Split('|').Select(v => v.Replace("<bar>", "|", StringComparison.Ordinal)).ToArray()))
        {
            // The documented format 4 (SECURITY.md), computed by Python: each field as its UTF-8 length,
            // a colon, the value and a newline; an absent one as a dash and a newline.
            Assert.Equal(previous, f[16]);
            var hash = Processes.Run("python3", null, ["-c",
                "import hashlib,sys; f=sys.argv[1:]; print(hashlib.sha256(b'privacyshare-ledger/4\\n' + b''.join(b'-\\n' if v == '~' else str(len(v.encode())).encode() + b':' + v.encode() + b'\\n' for v in f)).hexdigest())",
                .. f[..17]]);
            Assert.NotNull(hash);
            Assert.Equal(hash.Value.Output.Trim(), f[17]);
            var mac = Processes.Run("python3", null, "-c",
                "import hmac,hashlib,sys; print(hmac.new(bytes.fromhex(sys.argv[1]), ('privacyshare-ledger-mac/1\\n'+sys.argv[2]+'\\n').encode(), hashlib.sha256).hexdigest())", key, f[17]);
            Assert.NotNull(mac);
            Assert.Equal(mac.Value.Output.Trim(), f[18]);
            previous = f[17];
        }
    }

    [Theory]
    [InlineData("boston\n5")]
    [InlineData("")]
    [InlineData("Boston")]
    [InlineData("-x")]
    [InlineData("a b")]
    public void SetBudget_RefusesDatasetNamesASpecWouldRefuse(string name)
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);

        var e = Assert.Throws<ArgumentException>(() => ledger.SetBudget(name, Rational.One));

        Assert.Contains("must be 1 to 100 lower-case letters", e.Message);
        Assert.DoesNotContain("\n5", e.Message.Split('\'')[0]);
        Assert.Empty(ledger.Entries());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100.000001")]
    [InlineData("99999999999999999999999999999999999999")]
    public void SetBudget_RefusesEpsilonsASpecWouldRefuse(string epsilon)
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ledger.SetBudget("d", Rational.Parse(epsilon)));

        Assert.Contains("above 0 and at most 100", e.Message);
        Assert.Empty(ledger.Entries());
        ledger.SetBudget("d", new Rational(100, 1)); // the limit itself is allowed
    }

    [Fact]
    public void AFirstWriteThatIsRefused_LeavesNoKey_SoTheLedgerStaysNew()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);

        Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.One, _dir.File("r")));

        Assert.False(File.Exists(_dir.File("l.db.key")));
        ledger.SetBudget("d", Rational.One);
        Assert.Equal(Rational.One, ledger.Status("d").Total);
    }

    [Fact]
    public void OnlyCreateMakesALedger_AndNeverItsFolders()
    {
        var typo = Path.Combine(_dir.Path, "typo", "a", "l.db");

        var read = Assert.Throws<RefusedException>(() => BudgetLedger.Open(_dir.File("missing.db")));
        var folders = Assert.Throws<RefusedException>(() => BudgetLedger.Open(typo, create: true));
        var cli = Support.Cli.Run("budget", "show", "--ledger", _dir.File("missing.db"));

        Assert.Equal(Refusal.NoLedger, read.Reason);
        Assert.Contains("does not exist; create it first", folders.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "typo")));
        Assert.False(File.Exists(_dir.File("missing.db")));
        Assert.Equal(3, cli.ExitCode);
        Assert.Contains("budget set", cli.Error);
    }

    [Fact]
    public void OneLedgerThroughTwoPaths_SharesOnePublishingLock()
    {
        // ../shared/repro/09: a release through a symlink settled another's live charge as abandoned,
        // because the lock was on the path string. The lock is on the file's inode now.
        var path = _dir.File("l.db");
        using (var created = BudgetLedger.Open(path, create: true))
        {
            created.SetBudget("d", Rational.One);
        }

        File.CreateSymbolicLink(_dir.File("link.db"), path);
        Assert.Equal(0, Processes.Run("ln", null, path, _dir.File("hard.db"))?.Code);
        using var first = BudgetLedger.Open(path);
        using var viaSymlink = BudgetLedger.Open(_dir.File("link.db"), path + ".key");
        using var viaHardLink = BudgetLedger.Open(_dir.File("hard.db"), path + ".key");

        using (var held = first.TryLockPublishing(TimeSpan.Zero))
        {
            Assert.NotNull(held);
            Assert.Null(viaSymlink.TryLockPublishing(TimeSpan.FromMilliseconds(100)));
            Assert.Null(viaHardLink.TryLockPublishing(TimeSpan.FromMilliseconds(100)));
        }

        using var after = viaHardLink.TryLockPublishing(TimeSpan.Zero);
        Assert.NotNull(after);
    }

    [Fact]
    public void Reserve_WithoutEnoughBudget_WritesNothing()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
        ledger.SetBudget("d", Rational.Parse("0.5"));

        Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.One, _dir.File("rel")));

        Assert.Single(ledger.Entries());
        Assert.Equal(Rational.Zero, ledger.Status("d").Spent);
    }

    [Fact]
    public void AnAbandonedCharge_StaysSpent_AndTheNextReleaseStatesIt()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
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

    [SkippableFact]
    public void Ledger_IsReadableWithTheSqlite3Shell()
    {
        using (var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true))
        {
            ledger.SetBudget("d", Rational.Parse("2.5"));
        }

        var run = Processes.Run("sqlite3", null, _dir.File("l.db"), "SELECT kind, dataset, epsilon FROM ledger_entries;");
        Tools.Require(run is not null, "sqlite3");

        Assert.Equal(0, run.Value.Code);
        Assert.Equal("budget|d|2.5", run.Value.Output.Trim());
    }

    [Fact]
    public async Task ReadsBesideAnotherWriter_SeeOneStateOfTheLedger_NeverAFalseEdit()
    {
        // A release's advisory reads (can it afford the charge, its open reservation, its calendar store)
        // and an auditor's chain check read the head and the entries in several statements. Another
        // process's entry committed between two of them looked like an entry added without the key, and
        // the release was refused as if the ledger had been edited (the demo's calendar beside its
        // one-shot release met it in CI). Two connections stand for two processes.
        var path = _dir.File("l.db");
        using (var ledger = BudgetLedger.Open(path, create: true))
        {
            ledger.SetBudget("reader", Rational.Parse("10"));
        }

        using var done = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            try
            {
                using var ledger = BudgetLedger.Open(path);
                for (var i = 1; i <= 300; i++)
                {
                    ledger.SetBudget("writer", new Rational(1000 - i, 10)); // lowering needs no reason
                }
            }
            finally
            {
                done.Cancel();
            }
        });

        var problems = new List<string>();
        var reads = 0;
        using (var reader = BudgetLedger.Open(path))
        {
            while (!done.IsCancellationRequested)
            {
                try
                {
                    reader.CheckAffordable("reader", Rational.One, new PeriodRange(ArrestMonth.Parse("2009-01"), ArrestMonth.Parse("2009-12")), everyPeriod: true);
                    _ = reader.OpenOf("reader");
                    _ = reader.StoreOf("reader");
                    problems.AddRange(reader.VerifyChain());
                }
                catch (RefusedException e)
                {
                    problems.Add(e.Message);
                }

                reads++;
            }
        }

        await writer;
        Assert.True(reads > 10, $"only {reads} reads overlapped the writes");
        Assert.Empty(problems);
    }

    [Fact]
    public void ParallelReleaseProcesses_NeverOverspend()
    {
        // Budget for two releases of epsilon 1; six processes start at once.
        var ledgerPath = _dir.File("l.db");
        using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
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
        using var check = BudgetLedger.Open(ledgerPath, create: true);
        var status = check.Status("boston-secure-communities");
        Assert.Equal(Rational.Parse("2"), status.Spent);
        Assert.Equal([1L, 2L], status.Releases.Select(r => r.Sequence!.Value));
    }
}
