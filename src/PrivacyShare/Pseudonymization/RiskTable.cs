using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using PrivacyShare.Internals.Csv;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Counts equivalence classes over the quasi-identifiers. A class key is the row's quasi-identifier
/// values, each prefixed with its length (so no value can be mistaken for a separator): built on
/// the transforming threads, so the thread that must see every row in order does one lookup per
/// row. Keys are allocated only when a class is first seen; the table grows with the number of
/// classes, never with anything else.
/// </summary>
/// <remarks>
/// The report then projects every class onto subsets of the quasi-identifiers (36 subsets for the
/// default eight). Once counting is over, the number of distinct values of each is known, so each
/// class packs into one <see cref="ulong"/> with just enough bits per quasi-identifier, and a
/// projection is a bit mask. Keys too wide for 64 bits (many quasi-identifiers with many values)
/// are projected as strings of value ids.
/// </remarks>
internal sealed class RiskTable
{
    private readonly string[] _names;
    private readonly Dictionary<string, long> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _pack;
    private Projection? _projection;

    /// <param name="quasiIdentifiers">The quasi-identifier columns, in key order.</param>
    /// <param name="pack">Whether projections may use packed keys (tests turn it off to compare both ways).</param>
    public RiskTable(IReadOnlyList<string> quasiIdentifiers, bool pack = true)
    {
        _pack = pack;
        _names = [.. quasiIdentifiers];
        _lookup = _classes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Appends the class key of row <paramref name="row"/> of <paramref name="batch"/>, whose
    /// quasi-identifiers are in <paramref name="columns"/>, as the next row of the one-column
    /// <paramref name="keys"/>. Touches no table, so any thread may call it.
    /// </summary>
    public static void AppendKey(CellBatch batch, int row, int[] columns, CellBatch keys)
    {
        var most = 0;
        foreach (var c in columns)
        {
            most += batch.Get(row, c).Length + 2;
        }

        Span<char> key = most <= 1024 ? stackalloc char[most] : new char[most];
        var n = 0;
        foreach (var c in columns)
        {
            var value = batch.Get(row, c);
            if (value.Length < 0x8000)
            {
                key[n++] = (char)value.Length;
            }
            else
            {
                key[n++] = (char)(0x8000 | (value.Length >> 16));
                key[n++] = (char)(value.Length & 0xFFFF);
            }

            value.CopyTo(key[n..]);
            n += value.Length;
        }

        keys.Set(keys.AddRow(batch.Lines[row]), 0, key[..n]);
    }

    /// <summary>Counts one record of the class <paramref name="key"/> (from <see cref="AppendKey"/>).</summary>
    public void Add(ReadOnlySpan<char> key)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_lookup, key, out _);
        count++;
        _projection = null;
    }

    /// <summary>
    /// The size of the class <paramref name="key"/>; 0 for a combination never counted. Only reads
    /// the table, so several threads may ask at once once counting is over.
    /// </summary>
    public long ClassSize(ReadOnlySpan<char> key) => _lookup.TryGetValue(key, out var count) ? count : 0;

    public RiskStatistics Statistics(long minK = 0) => Summarize(_classes.Values.Where(n => n >= minK));

    /// <summary>Unique records when each quasi-identifier in turn is left out, most reducing first.</summary>
    public ImmutableArray<RiskDriver> WithoutEach()
    {
        var all = Enumerable.Range(0, _names.Length).ToArray();
        var drivers = Uniques([.. all.Select(leave => all.Where(i => i != leave).ToArray())]);
        return [.. drivers.OrderBy(d => d.RecordsInUniqueClasses)];
    }

    /// <summary>The <paramref name="top"/> pairs of quasi-identifiers with the most unique records.</summary>
    public ImmutableArray<RiskDriver> UniquestPairs(int top = 5)
    {
        var pairs = from a in Enumerable.Range(0, _names.Length)
                    from b in Enumerable.Range(a + 1, _names.Length - a - 1)
                    select new[] { a, b };
        return [.. Uniques([.. pairs])
            .OrderByDescending(d => d.RecordsInUniqueClasses)
            .ThenBy(d => string.Join(",", d.QuasiIdentifiers), StringComparer.Ordinal)
            .Take(top)];
    }

    // The projections on all cores (Parallel.For: PLINQ cost more to start than these take).
    private RiskDriver[] Uniques(int[][] subsets)
    {
        var drivers = new RiskDriver[subsets.Length];
        Parallel.For(0, subsets.Length, i => drivers[i] = Uniques(subsets[i]));
        return drivers;
    }

    // Projects every class onto the kept positions and counts records in projected classes of one.
    private RiskDriver Uniques(int[] keep)
    {
        var projection = Project();
        var unique = projection.Packed is null ? UniquesOfIds(projection, keep) : UniquesOfPacked(projection, keep);
        return new RiskDriver([.. keep.Select(i => _names[i])], unique);
    }

    private long UniquesOfPacked(Projection projection, int[] keep)
    {
        ulong mask = 0;
        foreach (var i in keep)
        {
            mask |= projection.Masks![i];
        }

        // At most as many projected classes as classes, and as combinations of the kept values. When
        // the combinations are fewer than the classes (pairs, typically), count in a plain array.
        var packed = projection.Packed!;
        long combinations = 1;
        foreach (var i in keep)
        {
            combinations = Math.Min(combinations * projection.Distinct[i], packed.Length + 1L);
        }

        if (combinations <= packed.Length)
        {
            return UniquesOfDense(projection, keep, (int)combinations);
        }

        var projected = new Dictionary<ulong, long>(packed.Length);
        for (var c = 0; c < packed.Length; c++)
        {
            ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(projected, packed[c] & mask, out _);
            n += projection.Counts[c];
        }

        return projected.Values.Count(n => n == 1);
    }

    // Each projected class at index sum(id * stride): a mixed-radix number of the kept value ids.
    private long UniquesOfDense(Projection projection, int[] keep, int combinations)
    {
        var strides = new int[keep.Length];
        var stride = 1;
        for (var k = keep.Length - 1; k >= 0; k--)
        {
            strides[k] = stride;
            stride *= projection.Distinct[keep[k]];
        }

        var projected = new long[combinations];
        for (var c = 0; c < projection.Counts.Length; c++)
        {
            var at = 0;
            for (var k = 0; k < keep.Length; k++)
            {
                at += projection.Ids[(c * _names.Length) + keep[k]] * strides[k];
            }

            projected[at] += projection.Counts[c];
        }

        return projected.Count(n => n == 1);
    }

    // Each kept value id as two chars (ids may exceed 16 bits).
    private long UniquesOfIds(Projection projection, int[] keep)
    {
        var projected = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = projected.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = stackalloc char[2 * keep.Length];
        for (var c = 0; c < projection.Counts.Length; c++)
        {
            for (var i = 0; i < keep.Length; i++)
            {
                var id = projection.Ids[(c * _names.Length) + keep[i]];
                key[2 * i] = (char)(id >> 16);
                key[(2 * i) + 1] = (char)id;
            }

            ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _);
            n += projection.Counts[c];
        }

        return projected.Values.Count(n => n == 1);
    }

    // Numbers each quasi-identifier's distinct values and, when they fit, packs every class into a
    // ulong; once, for all projections (which may run in parallel).
    private Projection Project()
    {
        lock (_classes)
        {
            if (_projection is not null)
            {
                return _projection;
            }

            var width = _names.Length;
            var valueIds = _names.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
            var lookups = valueIds.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
            var ids = new int[_classes.Count * width];
            var counts = new long[_classes.Count];
            var c = 0;
            foreach (var (key, count) in _classes)
            {
                var rest = key.AsSpan();
                for (var i = 0; i < width; i++)
                {
                    int length = rest[0];
                    var skip = 1;
                    if (length >= 0x8000)
                    {
                        length = ((length & 0x7FFF) << 16) | rest[1];
                        skip = 2;
                    }

                    var value = rest.Slice(skip, length);
                    rest = rest[(skip + length)..];
                    ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(lookups[i], value, out var exists);
                    if (!exists)
                    {
                        id = valueIds[i].Count - 1;
                    }

                    ids[(c * width) + i] = id;
                }

                counts[c++] = count;
            }

            return _projection = Pack(ids, counts, [.. valueIds.Select(d => d.Count)]);
        }
    }

    private Projection Pack(int[] ids, long[] counts, int[] distinct)
    {
        var width = distinct.Length;
        var masks = new ulong[width];
        var shifts = new int[width];
        var bits = 0;
        for (var i = 0; i < width; i++)
        {
            var needed = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)Math.Max(0, distinct[i] - 1)));
            if (!_pack || bits + needed > 64)
            {
                return new Projection(ids, counts, distinct, null, null);
            }

            shifts[i] = bits;
            masks[i] = (ulong.MaxValue >> (64 - needed)) << bits;
            bits += needed;
        }

        var packed = new ulong[counts.Length];
        for (var c = 0; c < counts.Length; c++)
        {
            for (var i = 0; i < width; i++)
            {
                packed[c] |= (ulong)ids[(c * width) + i] << shifts[i];
            }
        }

        return new Projection(ids, counts, distinct, packed, masks);
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

    // Ids: class c's value ids at [c * width, +width). Distinct: values per quasi-identifier.
    // Packed and Masks: null when too wide for 64 bits.
    private sealed record Projection(int[] Ids, long[] Counts, int[] Distinct, ulong[]? Packed, ulong[]? Masks);
}
