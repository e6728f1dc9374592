using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

public sealed class PseudonymizeCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Chain_SynthKeygenPseudonymize_Works()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "3000", "--seed", "1", "--out", _dir.File("a.csv")).ExitCode);
        var keygen = Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key"));
        var run = Support.Cli.Run("pseudonymize", "--in", _dir.File("a.csv"), "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"), "--report", _dir.File("r.json"));

        Assert.Equal(0, keygen.ExitCode);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("wrote", run.Error);
        Assert.Contains("re-identification risk over arrest_month, age_band", run.Error);
        Assert.Contains("unique:", run.Error);
        Assert.True(File.Exists(_dir.File("r.json")));
        Assert.Equal(3001, File.ReadAllLines(_dir.File("p.csv")).Length);
    }

    [Fact]
    public void Keygen_NeverPrintsTheKey()
    {
        var run = Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key"));

        var hex = File.ReadAllLines(_dir.File("k.key"))[1]["hmac-sha256:".Length..];
        Assert.DoesNotContain(hex, run.Output + run.Error);
        Assert.DoesNotContain(hex[..16], run.Output + run.Error);
        Assert.Matches("wrote pseudonym key [0-9a-f]{16} to .* \\(mode 0600, unencrypted\\)", run.Output);
    }

    [Fact]
    public void Pseudonymize_GroupReadableKey_IsRefused()
    {
        Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key"));
        File.SetUnixFileMode(_dir.File("k.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));

        var run = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("chmod 600", run.Error);
        Assert.False(File.Exists(_dir.File("p.csv")));
    }

    [Fact]
    public void EncryptedKey_WithPassphraseFile_RoundTrips_AndWrongOneFails()
    {
        var pass = _dir.WriteSecret("pass.txt", "s3cret phrase\n");
        var wrong = _dir.WriteSecret("wrong.txt", "other\n");
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));

        var keygen = Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key"), "--passphrase-file", pass);
        var ok = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--passphrase-file", pass, "--out", _dir.File("p.csv"));
        var bad = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--passphrase-file", wrong, "--out", _dir.File("q.csv"));

        Assert.Contains("passphrase-protected", keygen.Output);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("wrong passphrase", bad.Error);
        Assert.False(File.Exists(_dir.File("q.csv")));
    }

    [Fact]
    public void EncryptedKey_WithoutPassphraseAndNoTerminal_SaysHowToGiveOne()
    {
        var pass = _dir.WriteSecret("pass.txt", "pw");
        Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key"), "--passphrase-file", pass);
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));

        var run = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"));

        if (!Console.IsInputRedirected)
        {
            return; // run interactively, the command would prompt; this case is about batch use.
        }

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--passphrase-file", run.Error);
        Assert.Contains("PRIVACYSHARE_PASSPHRASE", run.Error);
    }

    [Fact]
    public void PassphraseFileReadableByOthers_IsRefused()
    {
        var pass = _dir.Write("pass.txt", "pw");
        File.SetUnixFileMode(pass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var run = Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key"), "--passphrase-file", pass);

        Assert.Equal(3, run.ExitCode);
        Assert.False(File.Exists(_dir.File("k.key")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public void MinKBelowTwo_IsAUsageError(string k)
    {
        var run = Support.Cli.Run("pseudonymize", "--in", "x.csv", "--key", "k", "--out", "o.csv", "--min-k", k);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--min-k must be 2 or more", run.Error);
    }

    [Fact]
    public void Help_DoesNotOfferAPassphraseValueOption()
    {
        var help = Support.Cli.Run("keygen", "pseudonym", "--help").Output + Support.Cli.Run("pseudonymize", "--help").Output;

        Assert.DoesNotContain("--passphrase ", help);
        Assert.Contains("--passphrase-file", help);
    }
}
