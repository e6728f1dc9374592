using System.Security.Cryptography;
using System.Text;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Computes pseudonyms for one output column (the domain):
/// <c>lowercase hex of the first 16 bytes of HMAC-SHA256(key, UTF8(domain) || 0x00 || UTF8(normalized value))</c>.
/// </summary>
/// <remarks>
/// The HMAC is .NET's <see cref="IncrementalHash"/> over the platform's OpenSSL, one context per thread
/// and column, reused: <see cref="IncrementalHash.GetHashAndReset(Span{byte})"/> keeps the key's pad
/// states, so a short value costs two SHA-256 compressions with SHA-NI where the CPU has it, and no
/// cryptographic arithmetic is PrivacyShare's own. The outside test vectors (openssl, Python's hmac)
/// and the byte-for-byte comparison with the Python reference script prove it. Thread-safe.
/// </remarks>
internal sealed class PseudonymHasher : IDisposable
{
    /// <summary>Characters in a pseudonym: 16 bytes in hex.</summary>
    public const int Length = 32;

    private readonly byte[] _prefix;
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public PseudonymHasher(PseudonymKey key, string domain)
    {
        Domain = domain;
        _prefix = Encoding.UTF8.GetBytes(domain + "\0");
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.HmacKey), trackAllValues: true);
    }

    public string Domain { get; }

    /// <summary>The pseudonym of an already normalized, non-empty value.</summary>
    public void Compute(ReadOnlySpan<char> normalized, Span<char> destination)
    {
        var most = Encoding.UTF8.GetMaxByteCount(normalized.Length);
        Span<byte> utf8 = most <= 1024 ? stackalloc byte[most] : new byte[most];
        HashOne(utf8[..Encoding.UTF8.GetBytes(normalized, utf8)], destination);
    }

    /// <summary>The pseudonym of an already normalized value, as a string; empty stays empty.</summary>
    public string Compute(string normalized)
    {
        if (normalized.Length == 0)
        {
            return "";
        }

        Span<char> hex = stackalloc char[Length];
        Compute(normalized, hex);
        return hex.ToString();
    }

    /// <summary>Computes the pseudonym of every value in <paramref name="queue"/>.</summary>
    public void ComputeAll(PseudonymQueue queue)
    {
        for (var i = 0; i < queue.Count; i++)
        {
            HashOne(queue.Value(i), queue.Slot(i));
        }
    }

    /// <summary>Frees every thread's HMAC context (and the key's pad states OpenSSL holds in them).</summary>
    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }

        _hmac.Dispose();
    }

    private void HashOne(ReadOnlySpan<byte> value, Span<char> destination)
    {
        var hmac = _hmac.Value!;
        hmac.AppendData(_prefix);
        hmac.AppendData(value);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        Convert.TryToHexStringLower(mac[..(Length / 2)], destination, out _);
        CryptographicOperations.ZeroMemory(mac);
    }
}
