using PrivacyShare.Internals;

namespace PrivacyShare.Tests.Internals;

/// <summary>The compact person table, held to a Dictionary as the reference.</summary>
public sealed class HashIndexTests
{
    [Fact]
    public void NumbersHashesInOrderOfFirstSight_LikeADictionary_ThroughManyGrowths()
    {
        var random = new Random(22);
        using var index = new HashIndex();
        var reference = new Dictionary<ulong, int>();
        var seen = new List<ulong>();
        for (var i = 0; i < 200_000; i++)
        {
            // Half new hashes, half repeats; some share their low bits, so probing runs past each other.
            var hash = seen.Count > 0 && random.Next(2) == 0 ? seen[random.Next(seen.Count)]
                : random.Next(4) == 0 ? (ulong)random.Next(1 << 10) << 40 : (ulong)random.NextInt64() * 2 + 3;
            var number = index.GetOrAdd(hash, out var added);
            if (reference.TryGetValue(hash, out var expected))
            {
                Assert.False(added);
                Assert.Equal(expected, number);
            }
            else
            {
                Assert.True(added);
                Assert.Equal(reference.Count, number);
                reference[hash] = number;
                seen.Add(hash);
            }
        }

        Assert.Equal(reference.Count, index.Count);
        Assert.All(reference, pair => Assert.Equal(pair.Value, index.Find(pair.Key)));
        Assert.Equal(-1, index.Find(2)); // even: never added above
    }

    [Fact]
    public void AHashOfZero_IsAKeyLikeAnyOther()
    {
        using var index = new HashIndex();
        Assert.Equal(-1, index.Find(0));
        Assert.Equal(0, index.GetOrAdd(0, out var added));
        Assert.True(added);
        Assert.Equal(0, index.GetOrAdd(0, out added));
        Assert.False(added);
        Assert.Equal(0, index.Find(0));
    }
}
