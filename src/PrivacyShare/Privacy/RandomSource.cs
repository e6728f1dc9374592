using System.Numerics;
using System.Security.Cryptography;
using PrivacyShare.Internals;

namespace PrivacyShare.Privacy;

/// <summary>
/// Uniform random integers from the operating system's CSPRNG (<see cref="RandomNumberGenerator"/>),
/// by rejection sampling on random bytes, so every value in range is exactly equally likely. There is
/// no seed, by design: reproducible noise is noise an adversary can reproduce. Bytes are drawn in
/// blocks to amortize the system call. Not thread-safe: one instance per thread.
/// </summary>
internal sealed class RandomSource
{
    private readonly byte[] _buffer = new byte[512];
    private int _position;

    public RandomSource()
    {
        _position = _buffer.Length;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
    public ulong Below(ulong bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        // Draw only as many bits as bound - 1 needs, and reject values at or above bound: the expected
        // number of draws is below 2 and the result is exactly uniform (no modulo bias).
        var bits = 64 - BitOperations.LeadingZeroCount(bound - 1);
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        while (true)
        {
            var candidate = NextUInt64() & mask;
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), for bounds of any size.</summary>
    public BigInteger Below(BigInteger bound)
    {
        if (bound.Sign <= 0)
        {
            throw Throw.OutOfRange(nameof(bound), bound, "the bound must be positive");
        }

        if (bound <= ulong.MaxValue)
        {
            return Below((ulong)bound);
        }

        var bits = checked((int)(bound - 1).GetBitLength());
        var bytes = new byte[(bits + 7) / 8 + 1];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes.AsSpan(0, bytes.Length - 1));
            bytes[^2] &= (byte)(0xFF >> ((8 - bits % 8) % 8));
            bytes[^1] = 0; // keeps the value non-negative
            var candidate = new BigInteger(bytes);
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    /// <summary>One fair random bit.</summary>
    public bool Bit() => (NextByte() & 1) != 0;

    private byte NextByte()
    {
        if (_position == _buffer.Length)
        {
            Refill();
        }

        return _buffer[_position++];
    }

    private ulong NextUInt64()
    {
        if (_position + 8 > _buffer.Length)
        {
            Refill();
        }

        var value = BitConverter.ToUInt64(_buffer, _position);
        _position += 8;
        return value;
    }

    private void Refill()
    {
        RandomNumberGenerator.Fill(_buffer);
        _position = 0;
    }
}
