using System.Buffers.Binary;
using System.Numerics;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// The SHA-256 compression function (FIPS 180-4, section 6.2.2) on one 64-byte block, and the
/// padding that frames a message into blocks (section 5.1.1). Pseudonyms are HMACs of short values
/// under precomputed pad states, so each costs two compressions and nothing else; this scalar form
/// computes those pad states, and hashes values the lane-parallel form does not take.
/// </summary>
internal static class Sha256Compression
{
    /// <summary>Bytes in a block.</summary>
    public const int BlockSize = 64;

    /// <summary>Words in a state: a..h.</summary>
    public const int StateWords = 8;

    /// <summary>The initial hash value H(0) (FIPS 180-4, section 5.3.3).</summary>
    public static ReadOnlySpan<uint> InitialState =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    /// <summary>The round constants K (FIPS 180-4, section 4.2.2).</summary>
    public static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Blocks a message of <paramref name="length"/> bytes occupies once padded.</summary>
    public static int PaddedBlocks(long length) => (int)((length + 9 + BlockSize - 1) / BlockSize);

    /// <summary>
    /// Writes the padded tail of a message into <paramref name="blocks"/>: <paramref name="tail"/>
    /// (the bytes after the blocks already compressed), 0x80, zeros, and the big-endian bit length of
    /// the whole message, <paramref name="totalLength"/> bytes. Returns the number of blocks written.
    /// </summary>
    public static int Pad(ReadOnlySpan<byte> tail, long totalLength, Span<byte> blocks)
    {
        var count = PaddedBlocks(tail.Length);
        var padded = blocks[..(count * BlockSize)];
        tail.CopyTo(padded);
        padded[tail.Length] = 0x80;
        padded[(tail.Length + 1)..^8].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(padded[^8..], checked((ulong)totalLength * 8));
        return count;
    }

    /// <summary>Compresses each 64-byte block of <paramref name="blocks"/> into <paramref name="state"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks)
    {
        Span<uint> w = stackalloc uint[64];
        for (; !blocks.IsEmpty; blocks = blocks[BlockSize..])
        {
            for (var t = 0; t < 16; t++)
            {
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(blocks[(4 * t)..]);
            }

            Compress(state, w);
        }
    }

    /// <summary>
    /// One compression of the block whose 16 message words (already big-endian decoded) are the first
    /// 16 of <paramref name="w"/>; the rest of its 64 words are the schedule's scratch.
    /// </summary>
    public static void Compress(Span<uint> state, Span<uint> w)
    {
        unchecked
        {
            var k = K;
            for (var t = 16; t < 64; t++)
            {
                var s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
                var s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            for (var t = 0; t < 64; t++)
            {
                var t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + k[t] + w[t];
                var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
            state[5] += f;
            state[6] += g;
            state[7] += h;
        }
    }
}
