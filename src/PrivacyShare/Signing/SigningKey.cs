using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using PrivacyShare.Internals;
using PrivacyShare.Keys;

namespace PrivacyShare.Signing;

/// <summary>
/// An Ed25519 signing key in minisign's format (<c>PREFIX.key</c>, mode 0600, with <c>PREFIX.pub</c>
/// beside it), so releases are signed exactly as <c>minisign -S</c> signs and verify with
/// <c>minisign -V</c>. The secret lives in an NSec <see cref="Key"/> and is never printed.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly byte[] _keyNumber;

    private SigningKey(byte[] keyNumber, Key key)
    {
        _keyNumber = keyNumber;
        NSecKey = key;
    }

    /// <summary>The key id as minisign prints it.</summary>
    public string Id => Minisign.KeyId(_keyNumber);

    internal Key NSecKey { get; }

    /// <summary>
    /// Creates <c>PREFIX.key</c> (0600) and <c>PREFIX.pub</c> (0644) as <c>minisign -G</c> does:
    /// encrypted with scrypt (N = 2^20, r = 8, p = 1) of the UTF-8 passphrase unless
    /// <paramref name="encrypt"/> is false. Returns the key id.
    /// </summary>
    /// <exception cref="RefusedException">A file exists and <paramref name="overwrite"/> is false.</exception>
    public static string Create(string prefix, ReadOnlySpan<byte> passphrase, bool encrypt, bool overwrite)
    {
        var secretPath = prefix + ".key";
        var publicPath = prefix + ".pub";
        Internals.IO.AtomicFile.CheckTarget(secretPath, overwrite);
        Internals.IO.AtomicFile.CheckTarget(publicPath, overwrite);
        if (encrypt && passphrase.IsEmpty)
        {
            throw Throw.EmptyPassphrase(nameof(passphrase), "one");
        }

        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var keyNumber = RandomNumberGenerator.GetBytes(Minisign.KeyNumberSize);
        var blob = new byte[Minisign.SecretBlobSize];
        try
        {
            var seed = key.Export(KeyBlobFormat.RawPrivateKey);
            var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            var w = blob.AsSpan();
            Minisign.SignatureAlgorithm.CopyTo(w);
            Minisign.ChecksumAlgorithm.CopyTo(w[4..]);
            var salt = w.Slice(6, Minisign.SaltSize);
            var secret = w.Slice(54, Minisign.EncryptedPartSize);
            keyNumber.CopyTo(secret);
            seed.CopyTo(secret[8..]);
            publicKey.CopyTo(secret[40..]);
            Minisign.Checksum(keyNumber, secret.Slice(8, 64)).CopyTo(secret[72..]);
            CryptographicOperations.ZeroMemory(seed);
            if (encrypt)
            {
                Minisign.ScryptAlgorithm.CopyTo(w[2..]);
                RandomNumberGenerator.Fill(salt);
                BinaryPrimitives.WriteUInt64LittleEndian(w[38..], Minisign.OpsLimit);
                BinaryPrimitives.WriteUInt64LittleEndian(w[46..], Minisign.MemLimit);
                var stream = Minisign.KeyStream(passphrase, salt, Minisign.OpsLimit, Minisign.MemLimit);
                for (var i = 0; i < stream.Length; i++)
                {
                    secret[i] ^= stream[i];
                }

                CryptographicOperations.ZeroMemory(stream);
            }

            // The secret key first: a kill between the two writes leaves PREFIX.key alone, whose public
            // half CompletePair writes out; never a public key whose secret is lost.
            var comment = encrypt ? "minisign encrypted secret key" : "minisign secret key (unencrypted)";
            KeyFiles.Write(secretPath, $"{Minisign.CommentPrefix}{comment}\n{Convert.ToBase64String(blob)}\n", overwrite, KeyFiles.SecretMode);
            KeyFiles.Write(publicPath, new SigningPublicKey(keyNumber, key.PublicKey).ToFileText(), overwrite,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return Minisign.KeyId(keyNumber);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blob);
        }
    }

    /// <summary>
    /// Completes a half pair: writes <c>PREFIX.pub</c> from the public half that <c>PREFIX.key</c>
    /// holds, when a key generation was interrupted after the secret key was written (it is written
    /// first, so that is the only half pair there can be). Returns the key id.
    /// </summary>
    /// <exception cref="RefusedException"><c>PREFIX.pub</c> exists already.</exception>
    /// <exception cref="InputException"><c>PREFIX.key</c> cannot be loaded.</exception>
    public static string CompletePair(string prefix, PassphraseSource passphrases)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var publicPath = prefix + ".pub";
        Internals.IO.AtomicFile.CheckTarget(publicPath, overwrite: false);
        using var key = Load(prefix + ".key", passphrases);
        KeyFiles.Write(publicPath, new SigningPublicKey(key._keyNumber, key.NSecKey.PublicKey).ToFileText(), overwrite: false,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return key.Id;
    }

    /// <summary>
    /// Loads a minisign secret key (made by PrivacyShare or by <c>minisign -G</c>, with or without
    /// <c>-W</c>). Refuses a file group or others can access; asks for the passphrase only when the
    /// key is encrypted.
    /// </summary>
    /// <exception cref="RefusedException">The file's permissions are too open.</exception>
    /// <exception cref="InputException">The file is malformed, or the passphrase is wrong.</exception>
    public static SigningKey Load(string path, PassphraseSource passphrases)
    {
        ArgumentNullException.ThrowIfNull(passphrases);
        var lines = KeyFiles.ReadSecret(path, "minisign secret key").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        if (lines.Length != 2 || !lines[0].StartsWith(Minisign.CommentPrefix, StringComparison.Ordinal))
        {
            throw Throw.NotAKeyFile(path, 1, "is not a minisign secret key: expected a comment line and a base64 line");
        }

        var blob = new byte[Minisign.SecretBlobSize];
        try
        {
            if (!Convert.TryFromBase64String(lines[1], blob, out var n) || n != blob.Length
                || !blob.AsSpan(0, 2).SequenceEqual(Minisign.SignatureAlgorithm) || !blob.AsSpan(4, 2).SequenceEqual(Minisign.ChecksumAlgorithm))
            {
                throw Throw.NotAKeyFile(path, 2, $"is not a minisign Ed25519 secret key (base64 of {Minisign.SecretBlobSize} bytes starting \"Ed\")");
            }

            var secret = blob.AsSpan(54, Minisign.EncryptedPartSize);
            var kdf = blob.AsSpan(2, 2);
            var encrypted = kdf.SequenceEqual(Minisign.ScryptAlgorithm);
            if (encrypted)
            {
                var passphrase = passphrases($"signing key {path}", false);
                try
                {
                    var stream = Minisign.KeyStream(passphrase, blob.AsSpan(6, Minisign.SaltSize),
                        BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(38)), BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(46)));
                    for (var i = 0; i < stream.Length; i++)
                    {
                        secret[i] ^= stream[i];
                    }

                    CryptographicOperations.ZeroMemory(stream);
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
            else if (kdf[0] != 0 || kdf[1] != 0)
            {
                throw Throw.NotAKeyFile(path, 2, "uses an unknown key derivation; minisign keys use scrypt (\"Sc\") or none");
            }

            var keyNumber = secret[..8].ToArray();
            var checksum = secret.Slice(72, 32);
            var expected = Minisign.Checksum(keyNumber, secret.Slice(8, 64));

            // minisign leaves the checksum zero in unencrypted keys; an encrypted key must match it.
            var zeroAllowed = !encrypted && !checksum.ContainsAnyExcept((byte)0);
            if (!zeroAllowed && !CryptographicOperations.FixedTimeEquals(checksum, expected))
            {
                throw encrypted ? Throw.WrongPassphrase(path) : Throw.KeyAltered(path, "the key's checksum does not match: the file was altered");
            }

            var key = Key.Import(SignatureAlgorithm.Ed25519, secret.Slice(8, 32), KeyBlobFormat.RawPrivateKey);
            if (!key.PublicKey.Export(KeyBlobFormat.RawPublicKey).AsSpan().SequenceEqual(secret.Slice(40, 32)))
            {
                key.Dispose();
                throw Throw.KeyAltered(path, "the secret and public halves of the key do not belong together: the file was altered");
            }

            return new SigningKey(keyNumber, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blob);
        }
    }

    /// <summary>
    /// Signs <paramref name="content"/> in minisign's prehashed format: Ed25519 over BLAKE2b-512 of the
    /// content, then a global signature over that signature and the trusted comment. Returns the
    /// .minisig file text (LF line endings).
    /// </summary>
    /// <exception cref="ArgumentException">The trusted comment has a line break or a control character other than tab.</exception>
    public string Sign(ReadOnlySpan<byte> content, string trustedComment, string untrustedComment = "signature from privacyshare secret key")
    {
        if (trustedComment.Any(c => char.IsControl(c) && c != '\t') || untrustedComment.Any(char.IsControl))
        {
            throw Throw.CommentNotPrintable(nameof(trustedComment));
        }

        var signature = SignatureAlgorithm.Ed25519.Sign(NSecKey, NSec.Cryptography.HashAlgorithm.Blake2b_512.Hash(content));
        byte[] line2 = [.. Minisign.PrehashedAlgorithm, .. _keyNumber, .. signature];
        var global = SignatureAlgorithm.Ed25519.Sign(NSecKey, [.. signature, .. Encoding.UTF8.GetBytes(trustedComment)]);
        return $"{Minisign.CommentPrefix}{untrustedComment}\n{Convert.ToBase64String(line2)}\n{Minisign.TrustedCommentPrefix}{trustedComment}\n{Convert.ToBase64String(global)}\n";
    }

    /// <inheritdoc/>
    public void Dispose() => NSecKey.Dispose();

    /// <summary>Never the key: only its id.</summary>
    public override string ToString() => $"signing key {Id}";
}
