using System.Text;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

public sealed class PseudonymKeyTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Passphrase(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Create_WritesDocumentedFormatWithMode0600()
    {
        var path = _dir.File("k.key");

        var id = PseudonymKey.Create(path, default, encrypt: false, overwrite: false);

        var lines = File.ReadAllLines(path);
        Assert.Equal($"untrusted comment: privacyshare pseudonym key {id}", lines[0]);
        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", lines[1]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var keyBytes = Convert.FromHexString(lines[1]["hmac-sha256:".Length..]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(keyBytes))[..16], id);
    }

    [Fact]
    public void Create_TwoKeys_Differ()
    {
        PseudonymKey.Create(_dir.File("a.key"), default, false, false);
        PseudonymKey.Create(_dir.File("b.key"), default, false, false);

        Assert.NotEqual(File.ReadAllLines(_dir.File("a.key"))[1], File.ReadAllLines(_dir.File("b.key"))[1]);
    }

    [Fact]
    public void Create_ExistingFile_IsRefused()
    {
        var path = _dir.Write("k.key", "mine");

        Assert.Throws<RefusedException>(() => PseudonymKey.Create(path, default, false, false));
        Assert.Equal("mine", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void Load_KeyAccessibleByOthers_IsRefusedWithTheFix(UnixFileMode extra)
    {
        var path = TestKeys.WriteVectorKey(_dir);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var e = Assert.Throws<RefusedException>(() => PseudonymKey.Load(path, TestKeys.NoPassphrase));

        Assert.Contains("too open", e.Message);
        Assert.Contains($"chmod 600 '{path}'", e.Message);
    }

    [Fact]
    public void Encrypted_RoundTripsWithTheRightPassphrase()
    {
        var path = _dir.File("k.key");
        var id = PseudonymKey.Create(path, Passphrase("correct horse"), encrypt: true, overwrite: false);

        using var key = PseudonymKey.Load(path, (_, _) => Passphrase("correct horse"));

        Assert.Equal(id, key.Id);
        Assert.DoesNotContain("hmac-sha256:", File.ReadAllText(path));
        Assert.Contains("hmac-sha256-encrypted:", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Encrypted_WrongPassphrase_IsAClearError()
    {
        var path = _dir.File("k.key");
        PseudonymKey.Create(path, Passphrase("correct horse"), encrypt: true, overwrite: false);

        var e = Assert.Throws<InputException>(() => PseudonymKey.Load(path, (_, _) => Passphrase("battery staple")));

        Assert.Contains("wrong passphrase", e.Message);
    }

    [Fact]
    public void Encrypted_AlteredFile_IsDetected()
    {
        var path = _dir.File("k.key");
        PseudonymKey.Create(path, Passphrase("pw"), encrypt: true, overwrite: false);
        var lines = File.ReadAllLines(path);
        var blob = Convert.FromBase64String(lines[1]["hmac-sha256-encrypted:".Length..]);
        blob[^20] ^= 1;
        File.WriteAllText(path, $"{lines[0]}\nhmac-sha256-encrypted:{Convert.ToBase64String(blob)}\n");

        var e = Assert.Throws<InputException>(() => PseudonymKey.Load(path, (_, _) => Passphrase("pw")));

        Assert.Contains("wrong passphrase (or the key file was altered)", e.Message);
    }

    [Fact]
    public void Encrypted_UsesUtf8Passphrase()
    {
        var path = _dir.File("k.key");
        var id = PseudonymKey.Create(path, Passphrase("pässwörd"), encrypt: true, overwrite: false);

        using var key = PseudonymKey.Load(path, (_, _) => Encoding.UTF8.GetBytes("pässwörd"));
        Assert.Equal(id, key.Id);
        Assert.Throws<InputException>(() => PseudonymKey.Load(path, (_, _) => Encoding.Unicode.GetBytes("pässwörd")));
    }

    [Theory]
    [InlineData("hmac-sha256:00", "64 lowercase hex characters")]
    [InlineData("hmac-sha256:000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "64 lowercase hex characters")]
    [InlineData("aes:00", "the second line must start with")]
    public void Load_MalformedFile_SaysWhat(string secondLine, string message)
    {
        var path = _dir.WriteSecret("k.key", $"untrusted comment: x\n{secondLine}\n");

        var e = Assert.Throws<InputException>(() => PseudonymKey.Load(path, TestKeys.NoPassphrase));

        Assert.Equal(2, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        Assert.Equal("pseudonym key 630dcd2966c43366", key.ToString());
    }
}
