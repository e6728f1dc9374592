using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Internals;
using PrivacyShare.Keys;

namespace PrivacyShare.Ledger;

/// <summary>
/// The secret key that authenticates the ledger: every entry carries HMAC-SHA256 of its hash under it,
/// and the ledger's head (entry count and last hash) carries one too, so that changing a spend,
/// removing an entry or cutting the ledger short needs this key, not only write access to the SQLite
/// file. A file with mode 0600 (refused when group or others can read it), like the pseudonym key:
/// <code>
/// untrusted comment: privacyshare ledger key KEYID
/// ledger-hmac-sha256:64 lowercase hex characters
/// </code>
/// The bytes are kept in one pinned array, zeroed on <see cref="Dispose"/>; never printed.
/// </summary>
internal sealed class LedgerKey : IDisposable
{
    /// <summary>The environment variable naming the ledger key file.</summary>
    public const string EnvironmentVariable = "PRIVACYSHARE_LEDGER_KEY";

    private const int Size = 32;
    private const string CommentPrefix = "untrusted comment: ";
    private const string Tag = "ledger-hmac-sha256:";
    private readonly byte[] _secret;

    private LedgerKey(ReadOnlySpan<byte> secret)
    {
        _secret = GC.AllocateArray<byte>(Size, pinned: true);
        secret.CopyTo(_secret);
        Id = Convert.ToHexStringLower(SHA256.HashData(_secret).AsSpan(0, 8));
    }

    /// <summary>Names the key without revealing it: hex of the first 8 bytes of SHA-256 of the key.</summary>
    public string Id { get; }

    /// <summary>
    /// The key file of the ledger at <paramref name="ledgerPath"/>: <paramref name="explicitPath"/>, else
    /// PRIVACYSHARE_LEDGER_KEY, else the ledger's path with <c>.key</c> appended.
    /// </summary>
    public static string ResolvePath(string? explicitPath, string ledgerPath) =>
        !string.IsNullOrEmpty(explicitPath) ? explicitPath
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : ledgerPath + ".key";

    /// <summary>Generates a key from the OS CSPRNG into a new file with mode 0600 (never over an existing one).</summary>
    /// <exception cref="RefusedException">The file exists.</exception>
    public static LedgerKey Create(string path)
    {
        Span<byte> secret = stackalloc byte[Size];
        try
        {
            RandomNumberGenerator.Fill(secret);
            var key = new LedgerKey(secret);
            KeyFiles.WriteSecret(path, $"{CommentPrefix}privacyshare ledger key {key.Id}\n{Tag}{Convert.ToHexStringLower(secret)}\n", overwrite: false);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Loads a key file, refusing one that group or others can access.</summary>
    /// <exception cref="RefusedException">The file's permissions are too open.</exception>
    /// <exception cref="InputException">The file is missing or malformed.</exception>
    public static LedgerKey Load(string path)
    {
        var lines = KeyFiles.ReadSecret(path, "ledger key file").Split('\n');
        if (lines.Length != 3 || lines[2].Length != 0 || !lines[0].StartsWith(CommentPrefix, StringComparison.Ordinal))
        {
            throw Throw.NotAKeyFile(path, 1, $"is not a ledger key file: it must be two lines, the first starting with '{CommentPrefix}'");
        }

        var hex = lines[1].StartsWith(Tag, StringComparison.Ordinal) ? lines[1][Tag.Length..] : "";
        if (hex.Length != 2 * Size || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw Throw.NotAKeyFile(path, 2, $"is not a ledger key file: the second line must be '{Tag}' and {2 * Size} lowercase hex characters");
        }

        var secret = Convert.FromHexString(hex);
        try
        {
            return new LedgerKey(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>HMAC-SHA256 (hex) of <paramref name="text"/> under the key.</summary>
    internal string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(text)));

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under the key: what authenticates a calendar store file.</summary>
    internal byte[] Mac(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_secret, data);

    /// <summary>
    /// An HMAC-SHA256 instance under the key, for many keyed hashes in a row (one per thread): the calendar
    /// store's booking and person keys. Callers prefix a domain label, so no keyed hash can stand in for
    /// a ledger MAC.
    /// </summary>
    internal HMACSHA256 NewHmac() => new(_secret);

    /// <inheritdoc/>
    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);
}
