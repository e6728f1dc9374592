using System.Text;
using NSec.Cryptography;
using PrivacyShare.Internals;
using PrivacyShare.Keys;

namespace PrivacyShare.Signing;

/// <summary>
/// An Ed25519 public key in minisign's format (<c>PREFIX.pub</c>): a comment line, then base64 of
/// "Ed" || key number (8) || public key (32). Verifies signatures in minisign's format.
/// </summary>
public sealed class SigningPublicKey
{
    private readonly byte[] _keyNumber;

    internal SigningPublicKey(byte[] keyNumber, PublicKey key)
    {
        _keyNumber = keyNumber;
        Key = key;
    }

    /// <summary>The key id as minisign prints it (16 upper-case hex digits).</summary>
    public string Id => Minisign.KeyId(_keyNumber);

    internal PublicKey Key { get; }

    /// <summary>Loads a minisign public key file.</summary>
    /// <exception cref="InputException">The file is missing or not a minisign Ed25519 public key.</exception>
    public static SigningPublicKey Load(string path)
    {
        var lines = KeyFiles.ReadText(path, "minisign public key").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        var line = lines.Length == 2 && lines[0].StartsWith(Minisign.CommentPrefix, StringComparison.Ordinal) ? lines[1]
            : lines.Length == 1 ? lines[0]
            : throw Throw.NotAKeyFile(path, 1, "is not a minisign public key: expected a comment line and a base64 line");
        return Parse(line) ?? throw Throw.NotAKeyFile(path, lines.Length, "is not a minisign Ed25519 public key (base64 of \"Ed\", 8-byte key number, 32-byte key)");
    }

    /// <summary>Parses the base64 line of a public key, or returns null.</summary>
    public static SigningPublicKey? Parse(string base64)
    {
        Span<byte> blob = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64.Trim(), blob, out var n) || n != 42 || !blob[..2].SequenceEqual(Minisign.SignatureAlgorithm))
        {
            return null;
        }

        return PublicKey.TryImport(SignatureAlgorithm.Ed25519, blob.Slice(10, 32), KeyBlobFormat.RawPublicKey, out var key)
            ? new SigningPublicKey(blob.Slice(2, 8).ToArray(), key!)
            : null;
    }

    // Base64 whose last character carries unused bits decodes the same with those bits flipped; only
    // the canonical encoding is accepted, so every changed character of a signature is noticed.
    private static bool Canonical(string line, Span<byte> bytes, out int written) =>
        Convert.TryFromBase64String(line, bytes, out written) && Convert.ToBase64String(bytes[..written]) == line;

    /// <summary>The .pub file text, as minisign writes it: comment and base64 line.</summary>
    internal string ToFileText() =>
        $"{Minisign.CommentPrefix}minisign public key {Id}\n{Convert.ToBase64String([.. Minisign.SignatureAlgorithm, .. _keyNumber, .. Key.Export(KeyBlobFormat.RawPublicKey)])}\n";

    /// <summary>
    /// Checks a minisign signature (<paramref name="signatureText"/>, the .minisig file) of
    /// <paramref name="content"/>: the key number, the signature over BLAKE2b-512 of the content (or
    /// over the content itself for legacy "Ed" signatures), and the global signature over the
    /// signature and the trusted comment.
    /// </summary>
    internal SignatureCheck Verify(string signatureText, ReadOnlySpan<byte> content)
    {
        var lines = signatureText.Split('\n');
        if (lines.Length < 4 || !lines[0].StartsWith(Minisign.CommentPrefix, StringComparison.Ordinal)
            || !lines[2].StartsWith(Minisign.TrustedCommentPrefix, StringComparison.Ordinal))
        {
            return SignatureCheck.Invalid("is not a minisign signature (4 lines: comment, signature, trusted comment, global signature)");
        }

        Span<byte> sig = stackalloc byte[80];
        if (!Canonical(lines[1].TrimEnd('\r'), sig, out var n) || n != 74)
        {
            return SignatureCheck.Invalid("its signature line is not canonical base64 of 74 bytes");
        }

        if (!sig.Slice(2, 8).SequenceEqual(_keyNumber))
        {
            return SignatureCheck.Invalid($"was made by key {Minisign.KeyId(sig.Slice(2, 8))}, not by key {Id}");
        }

        var algorithm = sig[..2];
        bool valid;
        if (algorithm.SequenceEqual(Minisign.PrehashedAlgorithm))
        {
            valid = SignatureAlgorithm.Ed25519.Verify(Key, HashAlgorithm.Blake2b_512.Hash(content), sig.Slice(10, 64));
        }
        else if (algorithm.SequenceEqual(Minisign.SignatureAlgorithm))
        {
            valid = SignatureAlgorithm.Ed25519.Verify(Key, content, sig.Slice(10, 64));
        }
        else
        {
            return SignatureCheck.Invalid("uses an unknown signature algorithm");
        }

        if (!valid)
        {
            return SignatureCheck.Invalid("does not match the signed file: the file or the signature was changed");
        }

        var trusted = lines[2].TrimEnd('\r')[Minisign.TrustedCommentPrefix.Length..];
        Span<byte> global = stackalloc byte[80];
        if (!Canonical(lines[3].TrimEnd('\r'), global, out var g) || g != 64)
        {
            return SignatureCheck.Invalid("its global signature line is not canonical base64 of 64 bytes");
        }

        byte[] signed = [.. sig.Slice(10, 64), .. Encoding.UTF8.GetBytes(trusted)];
        return SignatureAlgorithm.Ed25519.Verify(Key, signed, global[..64])
            ? SignatureCheck.Valid(trusted)
            : SignatureCheck.Invalid("its trusted comment was changed (the global signature does not match)");
    }
}
