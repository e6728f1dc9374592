using System.Security.Cryptography;
using NSec.Cryptography;
using PrivacyShare.Internals;
using PrivacyShare.Keys;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// The secret key pseudonyms are computed under: 32 bytes for HMAC-SHA256. While loaded, the bytes are
/// in one pinned managed array (never moved or copied by the collector, zeroed on <see cref="Dispose"/>),
/// from which each worker thread's OpenSSL HMAC context is keyed; OpenSSL keeps the derived pad states
/// in its own memory until the context is freed. Never printed, never logged.
/// </summary>
/// <remarks>
/// File formats (SECURITY.md): unencrypted, so an auditor holding the key can use any HMAC tool,
/// <code>
/// untrusted comment: privacyshare pseudonym key KEYID
/// hmac-sha256:64 lowercase hex characters
/// </code>
/// or passphrase-protected, with <c>hmac-sha256-encrypted:</c> followed by base64 of a blob sealed
/// with Argon2id and XChaCha20-Poly1305.
/// </remarks>
public sealed class PseudonymKey : IDisposable
{
    /// <summary>The key size in bytes.</summary>
    public const int Size = 32;

    private const string CommentPrefix = "untrusted comment: ";
    private const string PlainTag = "hmac-sha256:";
    private const string EncryptedTag = "hmac-sha256-encrypted:";
    private const string SealContext = "privacyshare pseudonym key v1";

    private PseudonymKey(Key key, ReadOnlySpan<byte> secret, string id)
    {
        NSecKey = key;
        HmacKey = GC.AllocateArray<byte>(Size, pinned: true);
        secret.CopyTo(HmacKey);
        Id = id;
    }

    /// <summary>
    /// The key id: lowercase hex of the first 8 bytes of SHA-256 of the key. Safe to show; it names
    /// the key without revealing it.
    /// </summary>
    public string Id { get; }

    internal Key NSecKey { get; }

    /// <summary>
    /// The pseudonym <c>pseudonymize</c> writes for <paramref name="value"/> in output column
    /// <paramref name="column"/> (the column is the HMAC's domain, so one value gets a different
    /// pseudonym in each column): the value is normalized first (SECURITY.md, "Construction"); an empty
    /// value stays empty. 32 lowercase hex characters.
    /// </summary>
    public string Pseudonym(string column, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(value);
        Normalization.EnsureAvailable();
        using var hasher = new PseudonymHasher(this, column);
        return hasher.Compute(Normalization.Normalize(value));
    }

    /// <summary>
    /// The key's bytes for the OpenSSL HMAC contexts that compute pseudonyms (see SECURITY.md): a pinned
    /// array, so the collector never leaves copies behind, zeroed when the key is disposed.
    /// </summary>
    internal byte[] HmacKey { get; }

    /// <summary>
    /// Generates a key from the OS CSPRNG and writes it to <paramref name="path"/> with mode 0600,
    /// encrypted when <paramref name="passphrase"/> is given. Returns the key id.
    /// </summary>
    /// <exception cref="RefusedException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static string Create(string path, ReadOnlySpan<byte> passphrase, bool encrypt, bool overwrite)
    {
        Internals.IO.AtomicFile.CheckTarget(path, overwrite);
        Span<byte> secret = stackalloc byte[Size];
        try
        {
            RandomNumberGenerator.Fill(secret);
            var id = ComputeId(secret);
            string body;
            if (encrypt)
            {
                if (passphrase.IsEmpty)
                {
                    throw Throw.EmptyPassphrase(nameof(passphrase), "a passphrase");
                }

                body = $"{CommentPrefix}privacyshare pseudonym key {id}, passphrase-protected\n" +
                       $"{EncryptedTag}{Convert.ToBase64String(PassphraseEncryption.Seal(secret, passphrase, SealContext))}\n";
            }
            else
            {
                body = $"{CommentPrefix}privacyshare pseudonym key {id}\n{PlainTag}{Convert.ToHexStringLower(secret)}\n";
            }

            KeyFiles.WriteSecret(path, body, overwrite);
            return id;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// Loads a key file. Refuses a file that group or others can access; asks
    /// <paramref name="passphrases"/> only when the file is encrypted.
    /// </summary>
    /// <exception cref="RefusedException">The file's permissions are too open.</exception>
    /// <exception cref="InputException">The file is missing or malformed, or the passphrase is wrong.</exception>
    public static PseudonymKey Load(string path, PassphraseSource passphrases)
    {
        ArgumentNullException.ThrowIfNull(passphrases);
        var text = KeyFiles.ReadSecret(path, "pseudonym key file");
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length < 2 || !lines[0].StartsWith(CommentPrefix, StringComparison.Ordinal))
        {
            throw Throw.NotAKeyFile(path, 1, $"is not a pseudonym key file: the first line must start with '{CommentPrefix}'");
        }

        if (lines.Skip(2).Any(l => l.Length > 0))
        {
            throw Throw.NotAKeyFile(path, 3, "is not a pseudonym key file: it has more than two lines");
        }

        byte[]? secret = null;
        try
        {
            var line = lines[1];
            if (line.StartsWith(PlainTag, StringComparison.Ordinal))
            {
                var hex = line[PlainTag.Length..];
                if (hex.Length != 2 * Size || !hex.All(c => char.IsAsciiHexDigitLower(c)))
                {
                    throw Throw.NotAKeyFile(path, 2, $"the key must be {2 * Size} lowercase hex characters after '{PlainTag}'");
                }

                secret = Convert.FromHexString(hex);
            }
            else if (line.StartsWith(EncryptedTag, StringComparison.Ordinal))
            {
                secret = Unseal(path, line[EncryptedTag.Length..], passphrases);
            }
            else
            {
                throw Throw.NotAKeyFile(path, 2, $"the second line must start with '{PlainTag}' or '{EncryptedTag}'");
            }

            var key = Key.Import(MacAlgorithm.HmacSha256, secret, KeyBlobFormat.RawSymmetricKey);
            return new PseudonymKey(key, secret, ComputeId(secret));
        }
        finally
        {
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        NSecKey.Dispose();
        CryptographicOperations.ZeroMemory(HmacKey);
    }

    /// <summary>Never the key: only its id.</summary>
    public override string ToString() => $"pseudonym key {Id}";

    private static byte[] Unseal(string path, string base64, PassphraseSource passphrases)
    {
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw Throw.NotAKeyFile(path, 2, "the encrypted key is not valid base64", e);
        }

        var passphrase = passphrases($"pseudonym key {path}", false);
        try
        {
            return PassphraseEncryption.Open(blob, passphrase, SealContext, Size)
                ?? throw Throw.WrongPassphrase(path);
        }
        catch (FormatException e)
        {
            throw Throw.NotAKeyFile(path, 2, e.Message, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }

    private static string ComputeId(ReadOnlySpan<byte> secret)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(secret, digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}
