using Microsoft.Data.Sqlite;
using PrivacyShare.Tests.Releases;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class VerifyCommandTests(SignedReleases releases) : IClassFixture<SignedReleases>, IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Verify_ExitCodes_ValidInvalidCouldNotCheck()
    {
        var pub = releases.Dir.File("key.pub");
        var valid = Support.Cli.Run("verify", releases.Dir.File("r2"), "--pubkey", pub, "--previous", releases.Dir.File("r1"));
        var tampered = releases.Copy("r2");
        File.AppendAllText(Path.Combine(tampered, "monthly.csv"), "\n");
        var invalid = Support.Cli.Run("verify", tampered, "--pubkey", pub);
        var unchecked_ = Support.Cli.Run("verify", releases.Dir.File("r2"), "--pubkey", _dir.File("missing.pub"));

        Assert.Equal(0, valid.ExitCode);
        Assert.StartsWith("valid:", valid.Output);
        Assert.Equal(4, invalid.ExitCode);
        Assert.Contains("INVALID: ", invalid.Output);
        Assert.Contains("monthly.csv: has ", invalid.Output);
        Assert.Equal(2, unchecked_.ExitCode);
    }

    [Fact]
    public void VerifyChain_OfAFolderOfReleases_SkipsHiddenFolders_SuchAsACrashedStagingFolder()
    {
        // A crashed release's staging folder holds a complete, signed package of the same dataset;
        // were it taken for a release, the chain would have two releases with one sequence number.
        var holder = _dir.File("releases");
        Directory.CreateDirectory(holder);
        foreach (var name in new[] { "r1", "r2", "r3" })
        {
            CopyFolder(releases.Dir.File(name), Path.Combine(holder, name));
        }

        var valid = Support.Cli.Run("verify-chain", "--pubkey", releases.Dir.File("key.pub"), holder);
        CopyFolder(releases.Dir.File("r2"), Path.Combine(holder, ".r4.0123456789abcdef0123456789abcdef.tmp"));
        var withStaging = Support.Cli.Run("verify-chain", "--pubkey", releases.Dir.File("key.pub"), holder);
        CopyFolder(releases.Dir.File("r2"), Path.Combine(holder, "r4"));
        var withVisibleCopy = Support.Cli.Run("verify-chain", "--pubkey", releases.Dir.File("key.pub"), holder);

        Assert.Equal(0, valid.ExitCode);
        Assert.Equal(0, withStaging.ExitCode);
        Assert.Equal(valid.Output.Split('\n').Length, withStaging.Output.Split('\n').Length);
        Assert.Equal(4, withVisibleCopy.ExitCode);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
    }

    [Fact]
    public void VerifyChain_RemovedMiddleRelease_ExitsInvalid()
    {
        var run = Support.Cli.Run("verify-chain", "--pubkey", releases.Dir.File("key.pub"), releases.Dir.File("r1"), releases.Dir.File("r3"));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("a release is missing or was replaced", run.Output);
    }

    [Fact]
    public void Release_NeedsASigningKeyOrUnsigned()
    {
        var run = Support.Cli.Run("release", "--in", "x.csv", "--spec", Specs.ExamplePath, "--out", _dir.File("rel"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("give --signing-key PREFIX.key to sign the release, or --unsigned", run.Error);
    }

    [Fact]
    public void BrokenLedger_RefusesReleaseAndBudgetSet_BeforeReadingOrSpending()
    {
        var ledger = _dir.File("l.db");
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "1", "--ledger", ledger).ExitCode);
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "200", "--seed", "1", "--out", _dir.File("a.csv")).ExitCode);

        // Someone raises the budget in the file, without the chain.
        using (var connection = new SqliteConnection($"Data Source={ledger};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger_entries SET epsilon = '100' WHERE id = 1";
            command.ExecuteNonQuery();
        }

        var release = Support.Cli.Run("release", "--in", _dir.File("a.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("rel"), "--ledger", ledger, "--unsigned");
        var set = Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "50", "--ledger", ledger);

        Assert.Equal(3, release.ExitCode);
        Assert.Contains("does not verify (entry 1: the last entry was changed without the key", release.Error);
        Assert.False(Directory.Exists(_dir.File("rel")));
        Assert.Equal(3, set.ExitCode);
        Assert.Contains("nothing is spent or set on a ledger that may have been edited", set.Error);
        Assert.Single(System.Text.Json.JsonDocument.Parse(Support.Cli.Run("ledger", "show", "--ledger", ledger, "--json").Output).RootElement.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public void LedgerVerify_DetectsAChangedEntry()
    {
        var ledger = _dir.File("l.db");
        Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "1", "--ledger", ledger);
        Support.Cli.Run("budget", "set", "--dataset", "d", "--epsilon", "2", "--reason", "a second year", "--ledger", ledger);
        var intact = Support.Cli.Run("ledger", "verify", "--ledger", ledger);

        using (var connection = new SqliteConnection($"Data Source={ledger};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger_entries SET epsilon = '20' WHERE id = 2";
            command.ExecuteNonQuery();
        }

        var broken = Support.Cli.Run("ledger", "verify", "--ledger", ledger);
        var show = Support.Cli.Run("ledger", "show", "--ledger", ledger, "--json");
        var brokenJson = Support.Cli.Run("ledger", "verify", "--ledger", ledger, "--json");

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact", intact.Output);
        Assert.Equal(4, broken.ExitCode);
        Assert.Contains("entry 2: its fields do not match its hash", broken.Output);
        var entry = System.Text.Json.JsonDocument.Parse(show.Output).RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == 2);
        Assert.Equal("budget", entry.GetProperty("kind").GetString());
        Assert.Equal("20", entry.GetProperty("epsilon").GetString());
        var verdict = System.Text.Json.JsonDocument.Parse(brokenJson.Output).RootElement;
        Assert.Equal(4, brokenJson.ExitCode);
        Assert.False(verdict.GetProperty("intact").GetBoolean());
        Assert.Contains(verdict.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("entry 2: its fields do not match its hash", StringComparison.Ordinal));
    }

    [Fact]
    public void KeygenSigning_WritesMinisignFilesWithModes()
    {
        var run = Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("s.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_dir.File("s.pub")));
        Assert.StartsWith("untrusted comment: minisign public key ", File.ReadAllText(_dir.File("s.pub")));
    }
}
