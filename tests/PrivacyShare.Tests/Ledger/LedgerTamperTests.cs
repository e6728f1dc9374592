using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
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

        AssertBroken("the ledger's authenticated head says 5 entries, but it holds 1");
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
    public void ALedgerFromBeforeKeys_IsUpgradedOnlyOnRequest_AndKeepsItsHistory()
    {
        // Schema 1 as an earlier PrivacyShare wrote it, with hashes computed from its documented format.
        var created = "2026-01-01T00:00:00.000Z";
        var budget = Hash($"privacyshare-ledger/1\n1\nbudget\n{Dataset}\n5\n\n\n\n\n{created}\n{new string('0', 64)}\n");
        var manifest = new string('e', 64);
        var release = Hash($"privacyshare-ledger/1\n2\nrelease\n{Dataset}\n1\n1\n{Dataset}\n1\n{manifest}\n{created}\n{budget}\n");
        using (var connection = new SqliteConnection($"Data Source={Ledger};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE ledger_entries(id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('budget', 'release')), dataset TEXT NOT NULL,
                    epsilon TEXT NOT NULL, sequence INTEGER, name TEXT, version TEXT, manifest_sha256 TEXT, created_at TEXT NOT NULL,
                    previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
                INSERT INTO ledger_entries VALUES (1, 'budget', '{Dataset}', '5', NULL, NULL, NULL, NULL, '{created}', '{new string('0', 64)}', '{budget}');
                INSERT INTO ledger_entries VALUES (2, 'release', '{Dataset}', '1', 1, '{Dataset}', '1', '{manifest}', '{created}', '{budget}', '{release}');
                """;
            command.ExecuteNonQuery();
        }

        var before = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
        var refused = Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "6", "--ledger", Ledger);
        var upgrade = Support.Cli.Run("ledger", "upgrade", "--ledger", Ledger);
        var after = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
        var set = Support.Cli.Run("budget", "set", "--dataset", Dataset, "--epsilon", "6", "--ledger", Ledger);

        Assert.Equal(4, before.ExitCode);
        Assert.Contains("written before ledger keys", before.Output);
        Assert.Contains("upgrade it", before.Output);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("privacyshare ledger upgrade", refused.Error);
        Assert.Equal(0, upgrade.ExitCode);
        Assert.Contains("2 entries authenticated", upgrade.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Ledger + ".key"));
        Assert.Equal(0, after.ExitCode);
        Assert.Equal(0, set.ExitCode);
        Assert.Contains("spent 1, remaining 5", set.Output);
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
            var hash = Hash($"privacyshare-ledger/2\n{id}\n{r[1]}\n{r[2]}\n{r[3]}\n{r[4]}\n{r[5]}\n{r[6]}\n{r[7]}\n{r[8]}\n{r[9]}\n{r[10]}\n{previous}\n");
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
}
