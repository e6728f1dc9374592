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
/// threads at once.
/// </remarks>
internal sealed class HashIndex
{
    private ulong[] _hashes = new ulong[1 << 12];
    private int[] _numbers = new int[1 << 12];

    /// <summary>How many distinct hashes have been added.</summary>
    public int Count { get; private set; }

    /// <summary>The number of <paramref name="hash"/>, added as the next one when new.</summary>
    public int GetOrAdd(ulong hash, out bool added)
    {
        hash = hash == 0 ? 1 : hash;
        var mask = _hashes.Length - 1;
        var slot = (int)(hash & (ulong)mask);
        for (; _hashes[slot] != 0; slot = (slot + 1) & mask)
        {
            if (_hashes[slot] == hash)
            {
                added = false;
                return _numbers[slot];
            }
        }

        var number = Count++;
        _hashes[slot] = hash;
        _numbers[slot] = number;
        if (Count > _hashes.Length / 4 * 3)
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
        var mask = _hashes.Length - 1;
        for (var slot = (int)(hash & (ulong)mask); _hashes[slot] != 0; slot = (slot + 1) & mask)
        {
            if (_hashes[slot] == hash)
            {
                return _numbers[slot];
            }
        }

        return -1;
    }

    // Twice the slots, every hash placed again; the numbers do not change.
    private void Grow()
    {
        var (hashes, numbers) = (_hashes, _numbers);
        _hashes = new ulong[hashes.Length * 2];
        _numbers = new int[hashes.Length * 2];
        var mask = _hashes.Length - 1;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (hashes[i] != 0)
            {
                var slot = (int)(hashes[i] & (ulong)mask);
                while (_hashes[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _hashes[slot] = hashes[i];
                _numbers[slot] = numbers[i];
            }
        }
    }
}
