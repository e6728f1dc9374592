namespace PrivacyShare.Internals;

/// <summary>
/// Numbers 64-bit keyed hashes 0, 1, 2, ... in the order they are first added: the person table of a
/// release (issue #22). One open-addressing array of hashes with linear probing and each one's number
/// beside it, 12 bytes a slot and at most three quarters full, where a Dictionary of 128-bit keys took
/// 40 bytes an entry before its buckets and growth.
/// </summary>
/// <remarks>
/// The hashes come from a seeded hash (XXH3 under a random per-run seed), so their low bits are uniform
/// and index the slots directly. A hash of 0 marks an empty slot and is stored as 1 (a merge of two keys
/// with probability 2^-64). After the last <see cref="GetOrAdd"/>, <see cref="Find"/> is safe from many
/// threads at once. The arrays live outside the garbage-collected heap (<see cref="NativeBuffer{T}"/>):
/// each growth frees the arrays it replaces at once.
/// </remarks>
internal sealed class HashIndex : IDisposable
{
    private NativeBuffer<ulong> _hashes = new(1 << 12, zeroed: true);
    private NativeBuffer<int> _numbers = new(1 << 12, zeroed: false); // read only where a hash is stored

    /// <summary>How many distinct hashes have been added.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes its slots hold outside the managed heap (each a hash and a number).</summary>
    public long Bytes => (_hashes.Length * (long)sizeof(ulong)) + (_numbers.Length * (long)sizeof(int));

    /// <summary>The number of <paramref name="hash"/>, added as the next one when new.</summary>
    public int GetOrAdd(ulong hash, out bool added)
    {
        hash = hash == 0 ? 1 : hash;
        var hashes = _hashes.Span;
        var mask = hashes.Length - 1;
        var slot = (int)(hash & (ulong)mask);
        for (; hashes[slot] != 0; slot = (slot + 1) & mask)
        {
            if (hashes[slot] == hash)
            {
                added = false;
                return _numbers[slot];
            }
        }

        var number = Count++;
        hashes[slot] = hash;
        _numbers[slot] = number;
        if (Count > hashes.Length / 4 * 3)
        {
            Grow();
        }

        added = true;
        return number;
    }

    /// <summary>The number of <paramref name="hash"/>, or -1 when it was never added.</summary>
    public int Find(ulong hash)
    {
        hash = hash == 0 ? 1 : hash;
        var hashes = _hashes.Span;
        var mask = hashes.Length - 1;
        for (var slot = (int)(hash & (ulong)mask); hashes[slot] != 0; slot = (slot + 1) & mask)
        {
            if (hashes[slot] == hash)
            {
                return _numbers[slot];
            }
        }

        return -1;
    }

    /// <summary>Frees the table.</summary>
    public void Dispose()
    {
        _hashes.Dispose();
        _numbers.Dispose();
    }

    // Twice the slots, every hash placed again; the numbers do not change. The old arrays are freed as
    // soon as the new ones hold everything.
    private void Grow()
    {
        using var oldHashes = _hashes;
        using var oldNumbers = _numbers;
        var length = oldHashes.Length * 2;
        _hashes = new NativeBuffer<ulong>(length, zeroed: true);
        _numbers = new NativeBuffer<int>(length, zeroed: false);
        var hashes = _hashes.Span;
        var numbers = _numbers.Span;
        var was = oldHashes.Span;
        var wasNumbered = oldNumbers.Span;
        var mask = length - 1;
        for (var i = 0; i < was.Length; i++)
        {
            if (was[i] != 0)
            {
                var slot = (int)(was[i] & (ulong)mask);
                while (hashes[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                hashes[slot] = was[i];
                numbers[slot] = wasNumbered[i];
            }
        }
    }
}
