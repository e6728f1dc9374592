using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// A key's HMAC-SHA256 pad states (RFC 2104): SHA-256's state after compressing the key XOR ipad,
/// and after the key XOR opad. Every HMAC under the key starts from these two states, so they are
/// computed once instead of twice per pseudonym. They are as secret as the key itself (they compute
/// every HMAC it does): kept in pinned memory, so no copy is left behind by the garbage collector,
/// and zeroed on <see cref="Dispose"/>.
/// </summary>
internal sealed class HmacSha256Pads : IDisposable
{
    private readonly uint[] _states = GC.AllocateArray<uint>(2 * Sha256Compression.StateWords, pinned: true);

    /// <param name="key">The HMAC key: at most one block (64 bytes); longer keys are not used here.</param>
    public HmacSha256Pads(ReadOnlySpan<byte> key)
    {
        if (key.Length > Sha256Compression.BlockSize)
        {
            throw new ArgumentException($"an HMAC-SHA256 key here is at most {Sha256Compression.BlockSize} bytes (got {key.Length})", nameof(key));
        }

        Span<byte> block = stackalloc byte[Sha256Compression.BlockSize];
        try
        {
            Absorb(key, block, 0x36, _states.AsSpan(0, Sha256Compression.StateWords));
            Absorb(key, block, 0x5c, _states.AsSpan(Sha256Compression.StateWords));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>The state after the inner pad block.</summary>
    public ReadOnlySpan<uint> Inner => _states.AsSpan(0, Sha256Compression.StateWords);

    /// <summary>The state after the outer pad block.</summary>
    public ReadOnlySpan<uint> Outer => _states.AsSpan(Sha256Compression.StateWords);

    /// <inheritdoc/>
    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_states.AsSpan()));

    private static void Absorb(ReadOnlySpan<byte> key, Span<byte> block, byte pad, Span<uint> state)
    {
        block.Fill(pad);
        for (var i = 0; i < key.Length; i++)
        {
            block[i] ^= key[i];
        }

        Sha256Compression.InitialState.CopyTo(state);
        Sha256Compression.Compress(state, block);
    }
}
