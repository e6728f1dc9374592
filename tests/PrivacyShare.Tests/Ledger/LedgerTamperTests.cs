using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Ledger;

/// <summary>
/// Someone who can write the ledger's SQLite file but does not hold the ledger key: each edit below
/// kept the old, unkeyed hash chain "intact" (the attacker recomputes the documented hashes), and
/// must now be reported by ledger verify and refuse release and budget set.
/// </summary>
public sealed class LedgerTamperTests : IDisposable
{
    private const string Dataset = "boston-secure-communities";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Ledger => _dir.File("l.db");

    [Fact]
    public void DeletingTheLastRelease_GivesNoBudgetBack()
    {
        TwoReleases();
        Edit("DELETE FROM ledger_entries WHERE id > (SELECT MAX(id) - 2 FROM ledger_entries)");
        Edit("UPDATE ledger_head SET entries = (SELECT MAX(id) FROM ledger_entries), hash = (SELECT hash FROM ledger_entries ORDER BY id DESC LIMIT 1)");

        AssertBroken("the ledger's head is missing or its MAC does not match");
    }

    [Fact]
    public void DeletingTheLastRelease_AndTheHead_IsSeen()
    {
        TwoReleases();
        Edit("DELETE FROM ledger_entries WHERE id > (SELECT MAX(id) - 2 FROM ledger_entries)");
        Edit("DELETE FROM ledger_head");

        AssertBroken("the ledger's head is missing");
    }

    [Fact]
    public void ANegativeSpend_WithRecomputedHashes_IsSeen()
    {
        TwoReleases();
        Edit("UPDATE ledger_entries SET epsilon = '-100' WHERE kind = 'reserve' AND id = (SELECT MIN(id) FROM ledger_entries WHERE kind = 'reserve')");
        Rechain();

        AssertBroken("its MAC does not match under the ledger key");
    }

    [Fact]
    public void DeletingEveryRelease_WithRecomputedHashes_IsSeen()
    {
        TwoReleases();
        Edit("DELETE FROM ledger_entries WHERE kind <> 'budget'");
        Rechain();

        AssertBroken("the ledger's authenticated head says 5 entries");
    }

    [Fact]
    public void WithoutItsKey_TheLedgerIsNotTrusted()
    {
        TwoReleases();
        File.Move(Ledger + ".key", _dir.File("elsewhere.key"));

        AssertBroken("the ledger key");
        Assert.Equal(0, Support.Cli.Run("ledger", "verify", "--ledger", Ledger, "--ledger-key", _dir.File("elsewhere.key")).ExitCode);
    }

    [Fact]
    public void AKeyReadableByOthers_IsRefused()
    {
        TwoReleases();
        File.SetUnixFileMode(Ledger + ".key", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var run = Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "9", "--ledger", Ledger);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("permissions 0640 are too open", run.Error);
    }

    [Fact]
    public void MacsAndHeadStripped_WithoutTheKey_IsTampering_NeverAnOldLedger()
    {
        // ../shared/repro/03_mac_strip.sh: an attacker who can write ledger.db but not read its key
        // deletes the spend, sets every MAC to NULL and drops the head. No earlier format exists to
        // pass this off as, and no command re-authenticates a ledger as found.
        TwoReleases();
        Edit("DELETE FROM ledger_entries WHERE id > 1; UPDATE ledger_entries SET mac = NULL; DELETE FROM ledger_head;");

        var verify = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
        var set = Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "6", "--ledger", Ledger);
        var upgrade = Support.Cli.Run("ledger", "upgrade", "--ledger", Ledger);

        Assert.Equal(4, verify.ExitCode);
        Assert.Contains("entry 1: has no MAC: it was added, or its MAC removed, without the ledger key", verify.Output);
        Assert.Contains("head is missing", verify.Output);
        Assert.DoesNotContain("upgrade", verify.Output + verify.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, set.ExitCode);
        Assert.Contains("does not verify", set.Error);
        Assert.NotEqual(0, upgrade.ExitCode);
    }

    [Fact]
    public void FieldsRewrittenAcrossTheirBoundaries_DoNotKeepTheHash()
    {
        // ../shared/repro/12_canonical_ambiguity.sh: with newline-joined fields, a dataset "a\n5" with
        // epsilon "" hashed like dataset "a" with epsilon "5". Length-prefixed fields cannot collide so.
        var entry = new LedgerEntry { Id = 1, Kind = "budget", Dataset = "a", Epsilon = "5\n", CreatedAt = "t", PreviousHash = LedgerEntry.Genesis, Hash = "" };
        var moved = entry with { Dataset = "a\n5", Epsilon = "" };
        var nullVersusEmpty = entry with { Name = "" };

        Assert.NotEqual(LedgerEntry.HashOf(entry.Canonical()), LedgerEntry.HashOf(moved.Canonical()));
        Assert.NotEqual(LedgerEntry.HashOf(entry.Canonical()), LedgerEntry.HashOf(nullVersusEmpty.Canonical()));
    }

    [Fact]
    public void ABudgetStateChangedWithoutTheKey_IsRefusedByWrites_AndReportedByVerify()
    {
        // The state a write decides on: spent set back to 0 would make the spent budget spendable.
        TwoReleases();
        Edit("UPDATE ledger_state SET charges = 'every=0'");

        AssertBroken("its stored budget state is not what its entries add up to");
    }

    [Fact]
    public void AnEmptiedLedgerBesideItsKey_IsNotANewLedger()
    {
        // Deleting every row (entries, states, head) from ledger.db looks like a new ledger, but its key
        // exists, and a key is made only with a ledger's first entry.
        TwoReleases();
        Edit("DELETE FROM ledger_entries; DELETE FROM ledger_state; DELETE FROM ledger_head;");

        AssertBroken("every entry was removed");
    }

    [Fact]
    public void AnOlderEntryChanged_IsFoundByVerify_AndChangesNoDecision()
    {
        // A write reads only what it decides on (the head, the last entry, the states); an older entry
        // changed without the key is caught by ledger verify, and the budget a write sees is unchanged.
        TwoReleases();
        Edit("UPDATE ledger_entries SET epsilon = '0.001' WHERE id = 2");

        var verify = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
        using var ledger = BudgetLedger.Open(Ledger);
        var e = Assert.Throws<RefusedException>(() => ledger.Reserve(Dataset, new Rational(4, 1), _dir.File("x")));

        Assert.Equal(4, verify.ExitCode);
        Assert.Contains("entry 2: its fields do not match its hash", verify.Output);
        Assert.Contains("only 3 of 5 remains", e.Message); // two releases of epsilon 1 still count
    }

    private void TwoReleases()
    {
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "5", "--ledger", Ledger).ExitCode);
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "300", "--seed", "2", "--out", _dir.File("a.csv")).ExitCode);
        foreach (var name in new[] { "rel1", "rel2" })
        {
            var run = Support.Cli.Run("release", "--in", _dir.File("a.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File(name), "--ledger", Ledger, "--unsigned", "--quiet");
            Assert.True(run.ExitCode == 0, run.Error);
        }

        Assert.Equal(0, Support.Cli.Run("ledger", "verify", "--ledger", Ledger).ExitCode);
    }

    private void AssertBroken(string reason)
    {
        var verify = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
        var release = Support.Cli.Run("release", "--in", _dir.File("a.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("rel3"), "--ledger", Ledger, "--unsigned", "--quiet");
        var set = Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "50", "--ledger", Ledger);

        Assert.Equal(4, verify.ExitCode);
        Assert.Contains(reason, verify.Output);
        Assert.Equal(3, release.ExitCode);
        Assert.Contains("does not verify", release.Error);
        Assert.False(Directory.Exists(_dir.File("rel3")));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path, ".rel3*"));
        Assert.Equal(3, set.ExitCode);
    }

    private void Edit(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Ledger};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // What an attacker without the key can do: renumber the entries and recompute every hash from the
    // documented canonical text (SECURITY.md), so that the hash chain alone looks intact.
    private void Rechain()
    {
        using var connection = new SqliteConnection($"Data Source={Ledger};Pooling=false");
        connection.Open();
        var rows = new List<object?[]>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT id, kind, dataset, epsilon, sequence, name, version, manifest_sha256, reservation, folder, created_at FROM ledger_entries ORDER BY id";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, 11).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
            }
        }

        var previous = new string('0', 64);
        var id = 0;
        foreach (var r in rows)
        {
            id++;
            var hash = Hash(Canonical([id, .. r[1..], previous]));
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE ledger_entries SET id = $id, previous_hash = $previous, hash = $hash WHERE id = $old";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$previous", previous);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$old", r[0]);
            update.ExecuteNonQuery();
            previous = hash;
        }

        // Without the key, the head's MAC cannot be recomputed; the attacker leaves it as it was.
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT count(*) FROM ledger_entries";
        Assert.Equal((long)id, (long)check.ExecuteScalar()!);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    // The documented format 3 (SECURITY.md), rebuilt by the test: each field as its UTF-8 byte length,
    // a colon, the value and a newline; an absent field as a dash and a newline.
    private static string Canonical(object?[] fields) =>
        "privacyshare-ledger/3\n" + string.Concat(fields.Select(f => f is null ? "-\n" : $"{Encoding.UTF8.GetByteCount(Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture)!)}:{Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture)}\n"));
}
