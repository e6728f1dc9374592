using System.Diagnostics;
using NSec.Cryptography;
using PrivacyShare.Pseudonymization;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// `hmac`: pseudonyms of typical person identities (about 35 bytes) on one thread: PrivacyShare's
/// hasher (a reused OpenSSL HMAC context, .NET IncrementalHash) for a queued batch and one at a time,
/// against NSec's (libsodium's) one-shot HMAC and .NET's one-shot HMACSHA256.HashData, which derives
/// the key pads on every call. Explains where pseudonymize's time goes; no target of its own.
/// </summary>
internal static class PseudonymHasherBenchmark
{
    public static Measurement Run(long values)
    {
        var dir = Directory.CreateTempSubdirectory("ps-hmac-");
        try
        {
            var keyPath = Path.Combine(dir.FullName, "k.key");
            PseudonymKey.Create(keyPath, default, encrypt: false, overwrite: false);
            using var key = PseudonymKey.Load(keyPath, (_, _) => throw new InvalidOperationException());
            using var hasher = new PseudonymHasher(key, "person_id");
            var identities = Enumerable.Range(0, 2048).Select(i => $"GARCIA LOPEZ\u001fJOSE {i}\u001f1985-05-28").ToArray();
            var queue = new PseudonymQueue();

            var clock = Stopwatch.StartNew();
            for (long done = 0; done < values; done += identities.Length)
            {
                queue.Clear();
                foreach (var identity in identities)
                {
                    queue.Add(identity);
                }

                hasher.ComputeAll(queue);
            }

            var queued = clock.Elapsed;
            Span<char> hex = stackalloc char[PseudonymHasher.Length];
            clock.Restart();
            for (long i = 0; i < values; i++)
            {
                hasher.Compute(identities[i % identities.Length], hex);
            }

            var scalar = clock.Elapsed;
            var messages = identities.Select(s => System.Text.Encoding.UTF8.GetBytes("person_id\0" + s)).ToArray();
            Span<byte> mac = stackalloc byte[32];
            clock.Restart();
            for (long i = 0; i < values; i++)
            {
                MacAlgorithm.HmacSha256.Mac(key.NSecKey, messages[i % messages.Length], mac);
            }

            var nsec = clock.Elapsed;
            var raw = File.ReadAllLines(keyPath)[1].Split(':', 2)[1];
            var keyBytes = Convert.FromHexString(raw);
            clock.Restart();
            for (long i = 0; i < values; i++)
            {
                System.Security.Cryptography.HMACSHA256.HashData(keyBytes, messages[i % messages.Length], mac);
            }

            var oneShot = clock.Elapsed;
            return new Measurement(values, "pseudonyms", queued,
                $" | {1e6 * queued.TotalSeconds / values:F3} us each queued, {1e6 * scalar.TotalSeconds / values:F3} us one at a time (reused IncrementalHash)," +
                $" {1e6 * nsec.TotalSeconds / values:F3} us NSec HMAC (one-shot), {1e6 * oneShot.TotalSeconds / values:F3} us HMACSHA256.HashData | one thread");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
