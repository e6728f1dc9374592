using PrivacyShare.Records;

namespace PrivacyShare.Releases.Counting;

/// <summary>
/// Where a cell's value stands in its dimension's domain: looked up for every record and dimension of
/// a release, so it is built for that (issue #22).
/// </summary>
/// <remarks>
/// Most published domains are codes of a few characters (offense levels, NCIC race codes, districts
/// such as <c>C11</c>): each value is packed with its length into one integer and found by a linear
/// scan, which costs a few comparisons where a dictionary hashes the text first. Months are found by
/// their distance from the domain's first month. Any other domain falls back to a dictionary. A value
/// not in the domain is not found; what that means (other, or an error) is the caller's.
/// </remarks>
internal sealed class DomainIndex
{
    private const int MaxPackedLength = 3; // 16 bits a character, 16 for the length
    private const int MaxPackedValues = 64;

    private readonly ulong[]? _packed;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ArrestMonth _firstMonth;
    private readonly int[] _byMonth; // each month from _firstMonth: its value's index, or -1

    /// <summary>An index of <paramref name="values"/>, each found at its position.</summary>
    public DomainIndex(IReadOnlyList<string> values)
    {
        _lookup = values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        if (values.Count <= MaxPackedValues && values.All(v => v.Length <= MaxPackedLength))
        {
            _packed = [.. values.Select(v => Pack(v))];
        }

        var months = values.Select((v, i) => (Month: ArrestMonth.TryParse(v, out var m) && m.ToString() == v ? m : (ArrestMonth?)null, Index: i))
            .Where(x => x.Month is not null).Select(x => (Month: x.Month!.Value, x.Index)).ToArray();
        _byMonth = [];
        if (months.Length > 0)
        {
            _firstMonth = months.Min(x => x.Month);
            _byMonth = new int[_firstMonth.MonthsThrough(months.Max(x => x.Month))];
            Array.Fill(_byMonth, -1);
            foreach (var (month, index) in months)
            {
                _byMonth[_firstMonth.MonthsThrough(month) - 1] = index;
            }
        }
    }

    /// <summary>The position of <paramref name="value"/>, compared ordinally; false when it is not in the domain.</summary>
    public bool TryGetValue(ReadOnlySpan<char> value, out int index)
    {
        if (_packed is null)
        {
            if (_lookup.TryGetValue(value, out index))
            {
                return true;
            }
        }
        else if (value.Length <= MaxPackedLength)
        {
            var key = Pack(value);
            var packed = _packed;
            for (var i = 0; i < packed.Length; i++)
            {
                if (packed[i] == key)
                {
                    index = i;
                    return true;
                }
            }
        }

        index = -1;
        return false;
    }

    /// <summary>The position of the value <c>yyyy-MM</c> of <paramref name="month"/>, without writing it.</summary>
    public bool TryGetMonth(ArrestMonth month, out int index)
    {
        var offset = _byMonth.Length == 0 ? -1 : _firstMonth.MonthsThrough(month) - 1;
        index = offset >= 0 && offset < _byMonth.Length ? _byMonth[offset] : -1;
        return index >= 0;
    }

    private static ulong Pack(ReadOnlySpan<char> value)
    {
        var key = (ulong)value.Length << 48;
        for (var i = 0; i < value.Length; i++)
        {
            key |= (ulong)value[i] << (16 * i);
        }

        return key;
    }
}
