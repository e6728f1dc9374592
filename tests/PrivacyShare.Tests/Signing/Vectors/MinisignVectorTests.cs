using System.Text;
using PrivacyShare.Signing;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Signing.Vectors;

/// <summary>
/// Keys and signatures made by Debian's minisign 0.11 and pasted here: <c>minisign -G -W</c> (no
/// password) and <c>minisign -G</c> with password "pw", then <c>minisign -S -m f.txt -t ...</c> over
/// the 6 bytes "hello\n". Ed25519 is deterministic, so PrivacyShare must produce the same lines.
/// </summary>
public sealed class MinisignVectorTests : IDisposable
{
    private const string PlainPublic = "untrusted comment: minisign public key 8D469803AF85234A\nRWRKI4WvA5hGjXm/bDNf0tlkvmecOxSTrZnFMBzFC/yZ3Y5Tr/gW2bih\n";
    private const string PlainSecret = "untrusted comment: minisign encrypted secret key\nRWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAASiOFrwOYRo0M+QheKehRNsWiqqUDXfCnxpdyeX2FpNvSaj0PU60a2nm/bDNf0tlkvmecOxSTrZnFMBzFC/yZ3Y5Tr/gW2bihAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    private const string PlainSignature = "untrusted comment: signature from minisign secret key\nRURKI4WvA5hGjX7/0ZxJu6SvZ2Cy9Ic26hTCi23O3yuaZkkHbAyLY6EexoJE4sJ+zOW1jwPDVo0k30rGVLmHp3HgrRST57+xbgY=\ntrusted comment: trusted test\n0hsAtS0TAPdiMrHMKMaHnfDZK72R+C56xGmyqN30VpzYH/blNLaTWWOIqpiSGzIDJ4xgAuiJY6mG7TW8Tt+oAQ==\n";
    private const string EncryptedPublic = "untrusted comment: minisign public key 599A70555E4F0408\nRWQIBE9eVXCaWRTq7hW+XGEsRAU0t2LtvVKrfGo2Q7B7t4h0HLvlna3p\n";
    private const string EncryptedSecret = "untrusted comment: minisign encrypted secret key\nRWRTY0IyI9JLeX5SiYoOen6jxSMwynJdG0Tc8zfH9XVgMhyonhYAAAACAAAAAAAAAEAAAAAArnadyuSDex4jWoUmTVzhdJC8a6nS/Kd/WEHIm0M8gETw/V9AGfElMNTybOS5wtqm1YtDWiszTsQRTloS7HwOXObrpW0Z1FBqCVTzV16TjeAmYsX211bo5fl6N2Y6CiZctJ0ndSapOcc=\n";
    private const string EncryptedSignature = "untrusted comment: signature from minisign secret key\nRUQIBE9eVXCaWUuXn3uKbrGJj5IKPvdNWC11zMbYRJE7ihMf/tITy1JmB8M8RqBZ9bbGsY4G6rApWGAbqS91HXp5f4dbtY8qLws=\ntrusted comment: encrypted key test\nIRbW6QfoL5bLAq58+tVBHPW6YtIsEPgQF115S1UDOK2XvfsvnkYNkTxn1Zxe5PMFAQMSqbUTdb7WI7Gt1247AQ==\n";

    private static readonly byte[] Hello = "hello\n"u8.ToArray();
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void MinisignSignature_VerifiesWithItsPublicKey()
    {
        var key = SigningPublicKey.Load(_dir.Write("w.pub", PlainPublic));

        var check = key.Verify(PlainSignature, Hello);

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal("trusted test", check.TrustedComment);
        Assert.Equal("8D469803AF85234A", key.Id);
    }

    [Fact]
    public void UnencryptedMinisignKey_WithZeroChecksum_Loads_AndSignsExactlyAsMinisign()
    {
        using var key = SigningKey.Load(_dir.WriteSecret("w.key", PlainSecret), TestKeys.NoPassphrase);

        var signature = key.Sign(Hello, "trusted test");

        Assert.Equal("8D469803AF85234A", key.Id);
        Assert.Equal(Lines(PlainSignature)[1..], Lines(signature)[1..]);
    }

    [Fact]
    public void EncryptedMinisignKey_LoadsWithItsPassword_AndSignsExactlyAsMinisign()
    {
        using var key = SigningKey.Load(_dir.WriteSecret("e.key", EncryptedSecret), (_, _) => Encoding.UTF8.GetBytes("pw"));

        Assert.Equal("599A70555E4F0408", key.Id);
        Assert.Equal(Lines(EncryptedSignature)[1..], Lines(key.Sign(Hello, "encrypted key test"))[1..]);
        Assert.True(SigningPublicKey.Load(_dir.Write("e.pub", EncryptedPublic)).Verify(EncryptedSignature, Hello).IsValid);
    }

    [Fact]
    public void EncryptedMinisignKey_WrongPassword_IsAClearError()
    {
        var e = Assert.Throws<InputException>(() => SigningKey.Load(_dir.WriteSecret("e.key", EncryptedSecret), (_, _) => Encoding.UTF8.GetBytes("nope")));

        Assert.Contains("wrong passphrase", e.Message);
    }

    [Theory]
    [InlineData("content")]
    [InlineData("trusted comment")]
    [InlineData("signature")]
    public void Tampering_IsDetected(string what)
    {
        var key = SigningPublicKey.Load(_dir.Write("w.pub", PlainPublic));
        var content = Hello.ToArray();
        var signature = PlainSignature;
        switch (what)
        {
            case "content":
                content[0] ^= 1;
                break;
            case "trusted comment":
                signature = signature.Replace("trusted test", "trusted best");
                break;
            default:
                var lines = Lines(signature);
                var bytes = Convert.FromBase64String(lines[1]);
                bytes[20] ^= 1;
                lines[1] = Convert.ToBase64String(bytes);
                signature = string.Join('\n', lines);
                break;
        }

        Assert.False(key.Verify(signature, content).IsValid);
    }

    [Fact]
    public void OtherKey_IsNamedInTheProblem()
    {
        var other = SigningPublicKey.Load(_dir.Write("e.pub", EncryptedPublic));

        var check = other.Verify(PlainSignature, Hello);

        Assert.False(check.IsValid);
        Assert.Contains("made by key 8D469803AF85234A, not by key 599A70555E4F0408", check.Problem);
    }

    [Fact]
    public void SecretKeyReadableByOthers_IsRefused()
    {
        var path = _dir.WriteSecret("w.key", PlainSecret);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        Assert.Throws<RefusedException>(() => SigningKey.Load(path, TestKeys.NoPassphrase));
    }
}
