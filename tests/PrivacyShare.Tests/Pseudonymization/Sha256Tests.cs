using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>
/// PrivacyShare's own SHA-256 (scalar and eight lanes at a time) against .NET's SHA-256 and HMAC,
/// which on Linux are OpenSSL's: an implementation outside the code under test. Lengths cover every
/// padding case (0 to 5 blocks, the 55/56-byte boundary) and groups of lanes that are partly full
/// or mix block counts.
/// </summary>
public sealed class Sha256Tests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Compress_WithPadding_MatchesSha256HashData()
    {
        var random = new Random(7);
        Span<byte> blocks = stackalloc byte[384];
        Span<uint> state = stackalloc uint[8];
        for (var length = 0; length <= 300; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            var count = Sha256Compression.Pad(message, length, blocks);
            Sha256Compression.InitialState.CopyTo(state);

            Sha256Compression.Compress(state, blocks[..(count * 64)]);

            var expected = SHA256.HashData(message);
            var actual = new byte[32];
            for (var j = 0; j < 8; j++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(actual.AsSpan(4 * j), state[j]);
            }

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}");
        }
    }

    [Fact]
    public void ComputeAll_EveryLaneAndLength_MatchesHmacSha256()
    {
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
        var hasher = new PseudonymHasher(key, "person_id");
        var random = new Random(11);
        var queue = new PseudonymQueue();
        for (var size = 1; size <= 40; size++)
        {
            queue.Clear();
            var values = Enumerable.Range(0, size).Select(i => RandomText(random, (size * 37 + i * 53) % 320 + 1)).ToArray();
            foreach (var v in values)
            {
                queue.Add(v);
            }

            hasher.ComputeAll(queue);

            for (var i = 0; i < size; i++)
            {
                Assert.Equal(Expected("person_id", values[i]), queue.Pseudonym(i).ToString());
            }
        }
    }

    [Fact]
    public void Compute_OneValue_MatchesHmacSha256()
    {
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
        var hasher = new PseudonymHasher(key, "booking_id");
        var random = new Random(13);

        foreach (var length in new[] { 1, 44, 45, 46, 54, 55, 56, 200, 400, 3000 })
        {
            var value = RandomText(random, length);
            Assert.Equal(Expected("booking_id", value), hasher.Compute(value));
        }
    }

    private static string Expected(string domain, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromHexString(TestKeys.VectorKeyHex), Encoding.UTF8.GetBytes(domain + "\0" + value)).AsSpan(0, 16));

    // Mostly ASCII with some two-, three- and four-byte UTF-8 characters, as names are.
    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(random.Next(10) switch
            {
                0 => "É",
                1 => "Ễ",
                2 => "😀",
                _ => ((char)random.Next('A', 'Z' + 1)).ToString(),
            });
        }

        return text.ToString();
    }
}
