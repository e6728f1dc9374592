using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Eight SHA-256 compressions at once, one message per 32-bit lane of a 256-bit vector: the
/// "multi-buffer" technique (Gueron and Krasnov, "Parallelizing message schedules to accelerate the
/// computations of hash functions", 2012; OpenSSL's sha256-mb). A single SHA-256 is a chain of
/// dependent steps that leaves most of a core idle; pseudonyms are many independent short
/// messages, so eight of them fill the vector units instead. Arithmetic is exactly FIPS 180-4's,
/// lane by lane; tests compare every lane with .NET's own SHA-256.
/// </summary>
internal static class Sha256Lanes
{
    /// <summary>Messages compressed at once.</summary>
    public const int Count = 8;

    /// <summary>
    /// True on x86 with AVX2, whose gathers also load the lanes' message words; elsewhere the scalar
    /// form runs (software-emulated vectors are far slower than plain integers).
    /// </summary>
    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>
    /// One compression per lane. <paramref name="state"/> holds a..h (8 vectors, lane i = message
    /// i's word); <paramref name="w"/> holds the block's 16 message words the same way, and is used
    /// as the message schedule's rolling window (so its content is lost).
    /// </summary>
    public static void Compress(Span<Vector256<uint>> state, Span<Vector256<uint>> w)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, Sha256Compression.StateWords);
        ArgumentOutOfRangeException.ThrowIfLessThan(w.Length, 16);
        unchecked
        {
            var k = Sha256Compression.K;
            Vector256<uint> a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            for (var t = 0; t < 64; t++)
            {
                Vector256<uint> wt;
                if (t < 16)
                {
                    wt = w[t];
                }
                else
                {
                    wt = w[t & 15] + SmallSigma0(w[(t - 15) & 15]) + w[(t - 7) & 15] + SmallSigma1(w[(t - 2) & 15]);
                    w[t & 15] = wt;
                }

                // Ch(e, f, g) picks f where e is set, g elsewhere; Maj(a, b, c) is b where a and b
                // agree, c where they differ: both are a bitwise select (one instruction on AVX-512).
                var t1 = h + BigSigma1(e) + Vector256.ConditionalSelect(e, f, g) + Vector256.Create(k[t]) + wt;
                var t2 = BigSigma0(a) + Vector256.ConditionalSelect(a ^ b, c, b);
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

    private static Vector256<uint> BigSigma0(Vector256<uint> x) => RotateRight(x, 2) ^ RotateRight(x, 13) ^ RotateRight(x, 22);

    private static Vector256<uint> BigSigma1(Vector256<uint> x) => RotateRight(x, 6) ^ RotateRight(x, 11) ^ RotateRight(x, 25);

    private static Vector256<uint> SmallSigma0(Vector256<uint> x) => RotateRight(x, 7) ^ RotateRight(x, 18) ^ Vector256.ShiftRightLogical(x, 3);

    private static Vector256<uint> SmallSigma1(Vector256<uint> x) => RotateRight(x, 17) ^ RotateRight(x, 19) ^ Vector256.ShiftRightLogical(x, 10);

    // AVX-512 rotates in one instruction; elsewhere a rotate is two shifts and an or.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateRight(Vector256<uint> x, [ConstantExpected(Min = 1, Max = 31)] byte n) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.RotateRight(x, n)
            : Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);
}
