using System.Collections.Immutable;
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

    public RiskTable(IReadOnlyList<string> quasiIdentifiers)
    {
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

        return new RiskDriver([.. keep.Select(i => _names[i])], projected.Values.Where(n => n == 1).LongCount());
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
