using System.Buffers.Binary;
using System.Security.Cryptography;
using NSec.Cryptography;
using PrivacyShare.Internals;

namespace PrivacyShare.Keys;

/// <summary>
/// Seals a small secret under a passphrase: Argon2id (memory-hard, RFC 9106) derives a key from the
/// UTF-8 passphrase and a random salt, and XChaCha20-Poly1305 encrypts and authenticates the secret
/// together with the header, so a changed parameter is detected as surely as a changed byte.
/// </summary>
/// <remarks>
/// Blob layout (documented in SECURITY.md): magic "PSE1" (4) || Argon2id passes (u32 LE) ||
/// memory in KiB (u32 LE) || salt (16) || nonce (24) || ciphertext (secret length) || tag (16).
/// The associated data is the caller's context string followed by the header bytes.
/// </remarks>
internal static class PassphraseEncryption
{
    private const int SaltSize = 16;
    private const int HeaderSize = 4 + 4 + 4 + SaltSize + 24;
    private static ReadOnlySpan<byte> Magic => "PSE1"u8;

    // libsodium's "moderate" opslimit with 64 MiB: about a quarter of a second here, a cost paid once
    // per run by the owner and on every guess by an attacker.
    public const uint DefaultPasses = 3;
    public const uint DefaultMemoryKiB = 64 * 1024;

    public static byte[] Seal(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> passphrase, string context,
        uint passes = DefaultPasses, uint memoryKiB = DefaultMemoryKiB)
    {
        var aead = AeadAlgorithm.XChaCha20Poly1305;
        var blob = new byte[HeaderSize + secret.Length + aead.TagSize];
        Magic.CopyTo(blob);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), passes);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), memoryKiB);
        RandomNumberGenerator.Fill(blob.AsSpan(12, SaltSize + 24));
        var header = blob.AsSpan(0, HeaderSize);
        using var key = DeriveKey(passphrase, header, passes, memoryKiB);
        aead.Encrypt(key, header.Slice(12 + SaltSize, 24), AssociatedData(context, header), secret, blob.AsSpan(HeaderSize));
        return blob;
    }

    /// <summary>Opens a sealed blob; null when the passphrase is wrong or the blob was altered.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> passphrase, string context, int secretSize)
    {
        var aead = AeadAlgorithm.XChaCha20Poly1305;
        if (blob.Length != HeaderSize + secretSize + aead.TagSize || !blob.StartsWith(Magic))
        {
            throw Throw.BadEncryptedKey("the encrypted key has the wrong length or format");
        }

        var header = blob[..HeaderSize];
        var passes = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var memoryKiB = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (passes is < 1 or > 64 || memoryKiB is < 8 * 1024 or > 4 * 1024 * 1024)
        {
            throw Throw.BadEncryptedKey($"the encrypted key has implausible Argon2id parameters ({passes} passes, {memoryKiB} KiB)");
        }

        using var key = DeriveKey(passphrase, header, passes, memoryKiB);
        var secret = new byte[secretSize];
        return aead.Decrypt(key, header.Slice(12 + SaltSize, 24), AssociatedData(context, header), blob[HeaderSize..], secret)
            ? secret
            : null;
    }

    private static Key DeriveKey(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> header, uint passes, uint memoryKiB)
    {
        var kdf = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memoryKiB,
            NumberOfPasses = passes,
        });

        // The bytes overload: the string overload would hash UTF-16, not the UTF-8 we document.
        return kdf.DeriveKey(passphrase, header.Slice(12, SaltSize), AeadAlgorithm.XChaCha20Poly1305);
    }

    private static byte[] AssociatedData(string context, ReadOnlySpan<byte> header) =>
        [.. System.Text.Encoding.UTF8.GetBytes(context), .. header];
}
