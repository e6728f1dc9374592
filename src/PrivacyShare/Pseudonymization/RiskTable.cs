using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using PrivacyShare.Csv;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Counts equivalence classes over the quasi-identifiers. Each distinct value of a quasi-identifier
/// gets a small id, and a class key is the string of its ids, one char each: compact, fast to hash,
/// and allocated only when a class is first seen. The table grows with the number of classes, never
/// with anything else.
/// </summary>
internal sealed class RiskTable
{
    private readonly string[] _names;
    private readonly Dictionary<string, int>[] _valueIds;
    private readonly Dictionary<string, long> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _classLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _valueLookups;

    private readonly bool _pack;
    private Packed? _packed;

    /// <param name="quasiIdentifiers">The quasi-identifier columns, in key order.</param>
    /// <param name="pack">Whether projections may use packed keys (tests turn it off to compare both ways).</param>
    public RiskTable(IReadOnlyList<string> quasiIdentifiers, bool pack = true)
    {
        _pack = pack;
        _names = [.. quasiIdentifiers];
        _valueIds = [.. _names.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        _valueLookups = [.. _valueIds.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>())];
        _classLookup = _classes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Counts row <paramref name="row"/> of <paramref name="batch"/>, whose quasi-identifiers are in <paramref name="columns"/>.</summary>
    public void Add(CellBatch batch, int row, int[] columns, string inputPath)
    {
        Span<char> key = stackalloc char[columns.Length];
        Key(batch, row, columns, key, inputPath);
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_classLookup, key, out _);
        count++;
        _packed = null;
    }

    /// <summary>
    /// The size of the class of a row; 0 for a combination never counted. Only reads the table, so
    /// several threads may ask at once once counting is over.
    /// </summary>
    public long ClassSize(CellBatch batch, int row, int[] columns)
    {
        Span<char> key = stackalloc char[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            if (!_valueLookups[i].TryGetValue(batch.Get(row, columns[i]), out var id))
            {
                return 0;
            }

            key[i] = (char)id;
        }

        return _classLookup.TryGetValue(key, out var count) ? count : 0;
    }

    public RiskStatistics Statistics(long minK = 0) => Summarize(_classes.Values.Where(n => n >= minK));

    /// <summary>Unique records when each quasi-identifier in turn is left out, most reducing first.</summary>
    public ImmutableArray<RiskDriver> WithoutEach()
    {
        var all = Enumerable.Range(0, _names.Length).ToArray();
        return [.. Enumerable.Range(0, _names.Length)
            .AsParallel().AsOrdered()
            .Select(leave => Uniques(all.Where(i => i != leave).ToArray()))
            .OrderBy(d => d.RecordsInUniqueClasses)];
    }

    /// <summary>The <paramref name="top"/> pairs of quasi-identifiers with the most unique records.</summary>
    public ImmutableArray<RiskDriver> UniquestPairs(int top = 5)
    {
        var pairs = from a in Enumerable.Range(0, _names.Length)
                    from b in Enumerable.Range(a + 1, _names.Length - a - 1)
                    select new[] { a, b };
        return [.. pairs.AsParallel().Select(Uniques)
            .OrderByDescending(d => d.RecordsInUniqueClasses)
            .ThenBy(d => string.Join(",", d.QuasiIdentifiers), StringComparer.Ordinal)
            .Take(top)];
    }

    // Projects every class onto the kept positions and counts records in projected classes of one.
    private RiskDriver Uniques(int[] keep)
    {
        var packed = Pack();
        var unique = packed is null ? UniquesOfText(keep) : UniquesOfPacked(packed, keep);
        return new RiskDriver([.. keep.Select(i => _names[i])], unique);
    }

    private long UniquesOfPacked(Packed packed, int[] keep)
    {
        ulong mask = 0;
        foreach (var i in keep)
        {
            mask |= packed.Masks[i];
        }

        var projected = new Dictionary<ulong, long>(packed.Keys.Length);
        for (var c = 0; c < packed.Keys.Length; c++)
        {
            ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(projected, packed.Keys[c] & mask, out _);
            n += packed.Counts[c];
        }

        return projected.Values.Count(n => n == 1);
    }

    private long UniquesOfText(int[] keep)
    {
        var projected = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = projected.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = stackalloc char[keep.Length];
        foreach (var (full, count) in _classes)
        {
            for (var i = 0; i < keep.Length; i++)
            {
                key[i] = full[keep[i]];
            }

            ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _);
            n += count;
        }

        return projected.Values.Count(n => n == 1);
    }

    // Packs every class key once (called from the projections, which may run in parallel).
    private Packed? Pack()
    {
        lock (_classes)
        {
            if (_packed is not null || !_pack)
            {
                return _packed;
            }

            var masks = new ulong[_names.Length];
            var shifts = new int[_names.Length];
            var bits = 0;
            for (var i = 0; i < _names.Length; i++)
            {
                var width = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)Math.Max(0, _valueIds[i].Count - 1)));
                if (bits + width > 64)
                {
                    return null;
                }

                shifts[i] = bits;
                masks[i] = (ulong.MaxValue >> (64 - width)) << bits;
                bits += width;
            }

            var keys = new ulong[_classes.Count];
            var counts = new long[_classes.Count];
            var c = 0;
            foreach (var (key, count) in _classes)
            {
                ulong packed = 0;
                for (var i = 0; i < key.Length; i++)
                {
                    packed |= (ulong)key[i] << shifts[i];
                }

                keys[c] = packed;
                counts[c++] = count;
            }

            return _packed = new Packed(keys, counts, masks);
        }
    }

    private static RiskStatistics Summarize(IEnumerable<long> sizes)
    {
        long records = 0, classes = 0, unique = 0, below5 = 0, below10 = 0, smallest = long.MaxValue;
        foreach (var n in sizes)
        {
            records += n;
            classes++;
            unique += n == 1 ? 1 : 0;
            below5 += n < 5 ? n : 0;
            below10 += n < 10 ? n : 0;
            smallest = Math.Min(smallest, n);
        }

        return new RiskStatistics
        {
            Records = records,
            Classes = classes,
            RecordsInUniqueClasses = unique,
            RecordsInClassesBelow5 = below5,
            RecordsInClassesBelow10 = below10,
            SmallestClassSize = classes == 0 ? 0 : smallest,
        };
    }

    private sealed record Packed(ulong[] Keys, long[] Counts, ulong[] Masks);

    private void Key(CellBatch batch, int row, int[] columns, Span<char> key, string inputPath)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var value = batch.Get(row, columns[i]);
            if (!_valueLookups[i].TryGetValue(value, out var id))
            {
                id = _valueIds[i].Count;
                if (id >= char.MaxValue)
                {
                    throw new InputException(inputPath, batch.Lines[row], _names[i],
                        $"has more than {char.MaxValue - 1:N0} distinct values, too many for a quasi-identifier; generalize it or leave it out of quasi_identifiers");
                }

                _valueIds[i].Add(value.ToString(), id);
            }

            key[i] = (char)id;
        }
    }
}
