using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>
/// The pseudonym's construction (domain, NUL, value; the first 16 bytes of the HMAC in lowercase hex)
/// against a one-shot HMAC-SHA256 of the whole message, across lengths around every block boundary
/// and UTF-8 of every width, in batches and from many threads at once (each thread its own context).
/// openssl and Python's hmac are held to the same pseudonyms in PseudonymVectorTests.
/// </summary>
public sealed class PseudonymHasherTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ComputeAll_EveryBatchSizeAndLength_MatchesHmacSha256()
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

    [Fact]
    public void ManyThreadsAtOnce_EachGetTheRightPseudonyms()
    {
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
        using var hasher = new PseudonymHasher(key, "person_id");
        var values = Enumerable.Range(0, 4000).Select(i => $"PERSON {i} {new string('X', i % 130)}").ToArray();

        var results = new string[values.Length];
        Parallel.For(0, values.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = hasher.Compute(values[i]));

        Assert.Equal(values.Select(v => Expected("person_id", v)), results);
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
