using System.Buffers.Binary;
using NSec.Cryptography;
using PrivacyShare.Internals;

namespace PrivacyShare.Signing;

/// <summary>
/// minisign's formats (minisign.h, version 0.11): key and signature blobs, the key id, and libsodium's
/// choice of scrypt parameters from an opslimit and memlimit. Kept in one place so PrivacyShare keys load
/// in minisign and minisign keys load here.
/// </summary>
internal static class Minisign
{
    public const string CommentPrefix = "untrusted comment: ";
    public const string TrustedCommentPrefix = "trusted comment: ";
    public const int KeyNumberSize = 8;
    public const int SecretKeySize = 64; // seed || public key
    public const int ChecksumSize = 32;
    public const int SaltSize = 32;
    public const int SecretBlobSize = 2 + 2 + 2 + SaltSize + 8 + 8 + KeyNumberSize + SecretKeySize + ChecksumSize;
    public const int EncryptedPartSize = KeyNumberSize + SecretKeySize + ChecksumSize;

    // libsodium's crypto_pwhash_scryptsalsa208sha256 "sensitive" limits, which minisign uses: they map
    // to scrypt N = 2^20, r = 8, p = 1.
    public const ulong OpsLimit = 33_554_432;
    public const ulong MemLimit = 1_073_741_824;

    public static ReadOnlySpan<byte> SignatureAlgorithm => "Ed"u8;
    public static ReadOnlySpan<byte> PrehashedAlgorithm => "ED"u8;
    public static ReadOnlySpan<byte> ScryptAlgorithm => "Sc"u8;
    public static ReadOnlySpan<byte> ChecksumAlgorithm => "B2"u8;

    /// <summary>The key id as minisign prints it: the key number as a little-endian u64, upper-case hex.</summary>
    public static string KeyId(ReadOnlySpan<byte> keyNumber) => BinaryPrimitives.ReadUInt64LittleEndian(keyNumber).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>BLAKE2b-256("Ed" || keynum || sk): the secret key's checksum.</summary>
    public static byte[] Checksum(ReadOnlySpan<byte> keyNumber, ReadOnlySpan<byte> secretKey) =>
        HashAlgorithm.Blake2b_256.Hash([.. SignatureAlgorithm, .. keyNumber, .. secretKey]);

    /// <summary>
    /// scrypt(password, salt) with the parameters libsodium derives from <paramref name="opsLimit"/> and
    /// <paramref name="memLimit"/> (crypto_pwhash_scryptsalsa208sha256's pickparams), as minisign does.
    /// The password goes in as its UTF-8 bytes: NSec's string overload would hash UTF-16.
    /// </summary>
    public static byte[] KeyStream(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ulong opsLimit, ulong memLimit)
    {
        var (nLog2, r, p) = PickParameters(opsLimit, memLimit);
        if (nLog2 > 24 || p is < 1 or > 16)
        {
            throw Throw.BadEncryptedKey($"the key asks for scrypt N = 2^{nLog2}, p = {p}, beyond what PrivacyShare will compute");
        }

        var scrypt = PasswordBasedKeyDerivationAlgorithm.Scrypt(new ScryptParameters { Cost = 1L << nLog2, BlockSize = (int)r, Parallelization = (int)p });
        return scrypt.DeriveBytes(password, salt, EncryptedPartSize);
    }

    private static (int NLog2, ulong R, ulong P) PickParameters(ulong opsLimit, ulong memLimit)
    {
        opsLimit = Math.Max(opsLimit, 32768);
        const ulong r = 8;
        int nLog2;
        ulong maxN;
        if (opsLimit < memLimit / 32)
        {
            maxN = opsLimit / (r * 4);
            for (nLog2 = 1; nLog2 < 63; nLog2++)
            {
                if (1UL << nLog2 > maxN / 2)
                {
                    break;
                }
            }

            return (nLog2, r, 1);
        }

        maxN = memLimit / (r * 128);
        for (nLog2 = 1; nLog2 < 63; nLog2++)
        {
            if (1UL << nLog2 > maxN / 2)
            {
                break;
            }
        }

        var maxRp = Math.Min(opsLimit / 4 / (1UL << nLog2), 0x3fffffff);
        return (nLog2, r, maxRp / r);
    }
}
