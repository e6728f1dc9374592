namespace PrivacyShare.Tests.Support;

/// <summary>Key files with known contents, for tests that compare against outside vectors.</summary>
public static class TestKeys
{
    /// <summary>The key 00 01 02 ... 1f, used by the vectors computed with Python's hmac and openssl.</summary>
    public const string VectorKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    public static string WriteVectorKey(TempFolder dir, string name = "vector.key")
    {
        return dir.WriteSecret(name, $"untrusted comment: privacyshare pseudonym key 630dcd2966c43366\nhmac-sha256:{VectorKeyHex}\n");
    }

    public static byte[] NoPassphrase(string purpose, bool confirm) =>
        throw new InvalidOperationException("this test's key must not ask for a passphrase");
}
