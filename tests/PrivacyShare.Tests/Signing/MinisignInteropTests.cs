using PrivacyShare.Signing;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Signing;

/// <summary>
/// Both directions against the real minisign (Debian's 0.11, installed by .ci/run). Where minisign is
/// missing these tests return early: the pasted vectors in MinisignVectorTests still hold the line.
/// </summary>
public sealed class MinisignInteropTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void PrivacyShareKeyAndSignature_VerifyWithMinisign()
    {
        var prefix = _dir.File("ps");
        SigningKey.Create(prefix, default, encrypt: false, overwrite: false);
        var file = _dir.Write("data.json", "{\"a\": 1}\n");
        using (var key = SigningKey.Load(prefix + ".key", TestKeys.NoPassphrase))
        {
            File.WriteAllText(file + ".minisig", key.Sign(File.ReadAllBytes(file), "timestamp:1\tfile:data.json\thashed"));
        }

        var run = Processes.Run("minisign", null, "-Vm", file, "-p", prefix + ".pub");
        Tools.Require(run is not null, "minisign");

        Assert.True(run.Value.Code == 0, run.Value.Output);
        Assert.Contains("timestamp:1\tfile:data.json\thashed", run.Value.Output);

        File.AppendAllText(file, " ");
        Assert.NotEqual(0, Processes.Run("minisign", null, "-Vm", file, "-p", prefix + ".pub")!.Value.Code);

        // The unencrypted PrivacyShare secret key also loads in minisign and signs there.
        var other = _dir.Write("other.txt", "data\n");
        Assert.Equal(0, Processes.Run("minisign", null, "-S", "-s", prefix + ".key", "-m", other)!.Value.Code);
        Assert.True(SigningPublicKey.Load(prefix + ".pub").Verify(File.ReadAllText(other + ".minisig"), File.ReadAllBytes(other)).IsValid);
    }

    [SkippableFact]
    public void EncryptedPrivacyShareKey_LoadsInMinisign()
    {
        var prefix = _dir.File("ps");
        SigningKey.Create(prefix, "s3cret"u8, encrypt: true, overwrite: false);
        var file = _dir.Write("data.json", "{}\n");

        var sign = Processes.Run("minisign", "s3cret\n", "-S", "-s", prefix + ".key", "-m", file);
        Tools.Require(sign is not null, "minisign");

        Assert.True(sign.Value.Code == 0, sign.Value.Output);
        var check = SigningPublicKey.Load(prefix + ".pub").Verify(File.ReadAllText(file + ".minisig"), File.ReadAllBytes(file));
        Assert.True(check.IsValid, check.Problem);
    }

    [SkippableFact]
    public void MinisignKeyAndSignature_WorkInPrivacyShare()
    {
        var pub = _dir.File("m.pub");
        var sec = _dir.File("m.key");
        var gen = Processes.Run("minisign", null, "-G", "-W", "-p", pub, "-s", sec);
        Tools.Require(gen is not null, "minisign");

        Assert.True(gen.Value.Code == 0, gen.Value.Output);
        var file = _dir.Write("data.json", "{\"b\": 2}\n");
        Assert.Equal(0, Processes.Run("minisign", null, "-S", "-s", sec, "-m", file, "-t", "from minisign")!.Value.Code);

        var check = SigningPublicKey.Load(pub).Verify(File.ReadAllText(file + ".minisig"), File.ReadAllBytes(file));
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal("from minisign", check.TrustedComment);

        using var key = SigningKey.Load(sec, TestKeys.NoPassphrase);
        File.WriteAllText(file + ".minisig", key.Sign(File.ReadAllBytes(file), "signed by privacyshare with a minisign key"));
        Assert.Equal(0, Processes.Run("minisign", null, "-Vm", file, "-p", pub)!.Value.Code);
    }
}
