using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PrivacyShare.Csv;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;

namespace PrivacyShare.Releases;

/// <summary>
/// Counts the cells of every table of a spec in one streaming pass over the input (the canonical
/// extract or the output of <c>pseudonymize</c>), applying the contribution bound: the first
/// max_records_per_person records of each person in file order are used, the rest left out. The rule
/// looks only at the person's own records, so it does not depend on anyone else's data.
/// </summary>
/// <remarks>
/// The person identity is person_id when the input has it, else the normalized identity pseudonymize
/// uses (FBI number, else last name, first name and date of birth). It is kept only in memory, as a
/// 128-bit XxHash128 under a random per-run seed, in a map to the person's record count: memory grows
/// with the number of people (about 40 bytes each), not with the number of rows.
/// </remarks>
internal sealed class ReleaseCounter
{
    private readonly ReleaseSpec _spec;
    private readonly CsvTableReader _csv;
    private readonly Dictionary<UInt128, ushort> _people = [];
    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
    private readonly Column[] _columns;
    private readonly int _personId, _fbi, _last, _first, _dob, _arrestDate, _arrestMonth;
    private readonly int _identMatch, _detainer, _removed;

    private ReleaseCounter(ReleaseSpec spec, CsvTableReader csv)
    {
        _spec = spec;
        _csv = csv;
        int Find(string name) => csv.IndexOf(name);
        _personId = Find("person_id");
        _fbi = Find(ArrestSchema.FbiNumber);
        _last = Find(ArrestSchema.LastName);
        _first = Find(ArrestSchema.FirstName);
        _dob = Find(ArrestSchema.Dob);
        _arrestDate = Find(ArrestSchema.ArrestDate);
        _arrestMonth = Find("arrest_month");
        _identMatch = Find(ArrestSchema.IdentMatch);
        _detainer = Find(ArrestSchema.DetainerIssued);
        _removed = Find(ArrestSchema.Removed);

        if (_personId < 0 && (_fbi < 0 || _last < 0 || _first < 0 || _dob < 0))
        {
            throw Missing("person_id", "the person identity (person_id, or fbi_number, last_name, first_name and dob)");
        }

        if (_arrestMonth < 0 && _arrestDate < 0)
        {
            throw Missing("arrest_month", "the period (arrest_month or arrest_date)");
        }

        var measures = spec.Tables.SelectMany(t => t.Measures).ToHashSet();
        foreach (var (measure, index, column) in new[] { ("ident_matches", _identMatch, ArrestSchema.IdentMatch), ("detainers", _detainer, ArrestSchema.DetainerIssued), ("removals", _removed, ArrestSchema.Removed) })
        {
            if (measures.Contains(measure) && index < 0)
            {
                throw Missing(column, $"the measure {measure}");
            }
        }

        var dimensions = spec.Tables.SelectMany(t => t.Dimensions).GroupBy(d => d.Name).Select(g => g.First());
        _columns = [.. dimensions.Select(BindDimension)];
    }

    /// <summary>Counts <paramref name="inputPath"/> for <paramref name="spec"/>.</summary>
    public static ExactCounts Count(ReleaseSpec spec, string inputPath)
    {
        using var csv = CsvTableReader.Open(inputPath);
        return new ReleaseCounter(spec, csv).Run();
    }

    private ExactCounts Run()
    {
        var tables = _spec.Tables;
        var counts = new ExactCounts { Tables = [.. tables.Select(t => new long[t.Cells * t.Measures.Length])] };
        var tableColumns = tables.Select(t => t.Dimensions.Select(d => Array.FindIndex(_columns, c => c.Dimension.Name == d.Name)).ToArray()).ToArray();
        var tableMeasures = tables.Select(t => t.Measures.Select(m => TableSpec.MeasureNames.IndexOf(m)).ToArray()).ToArray();
        var valueIndex = new int[_columns.Length];
        Span<int> measureValues = stackalloc int[4];
        Span<char> identity = stackalloc char[1024];
        while (_csv.MoveNext())
        {
            counts.RecordsRead++;
            var month = Month();
            if (month < _spec.From || month > _spec.To)
            {
                counts.OutsidePeriod++;
                continue;
            }

            ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(_people, PersonKey(identity), out var existed);
            if (!existed)
            {
                counts.People++;
            }

            if (seen >= _spec.MaxRecordsPerPerson)
            {
                counts.DroppedByBound++;
                continue;
            }

            seen++;
            counts.RecordsUsed++;
            for (var c = 0; c < _columns.Length; c++)
            {
                valueIndex[c] = _columns[c].IndexOf(this, month);
            }

            measureValues[0] = 1;
            measureValues[1] = _identMatch >= 0 && Flag(_identMatch) ? 1 : 0;
            measureValues[2] = _detainer >= 0 && Flag(_detainer) ? 1 : 0;
            measureValues[3] = _removed >= 0 && Flag(_removed) ? 1 : 0;
            for (var t = 0; t < tables.Length; t++)
            {
                var dims = tables[t].Dimensions;
                long cell = 0;
                for (var d = 0; d < dims.Length; d++)
                {
                    cell = cell * dims[d].Values.Length + valueIndex[tableColumns[t][d]];
                }

                var measures = tableMeasures[t];
                var row = counts.Tables[t].AsSpan((int)(cell * measures.Length), measures.Length);
                for (var m = 0; m < measures.Length; m++)
                {
                    row[m] += measureValues[measures[m]];
                }
            }
        }

        return counts;
    }

    private UInt128 PersonKey(Span<char> identity)
    {
        int length;
        if (_personId >= 0)
        {
            var id = _csv[_personId].Trim();
            if (id.IsEmpty)
            {
                throw _csv.Error(_personId, "is empty; every record needs its person_id for the contribution bound");
            }

            id.CopyTo(identity);
            length = id.Length;
        }
        else
        {
            // The identity pseudonymize hashes: normalized FBI number, else last 0x1F first 0x1F dob.
            length = Normalization.Normalize(_csv[_fbi], identity, out var large);
            if (large is not null)
            {
                throw _csv.Error(_fbi, "is too long for an FBI number");
            }

            if (length == 0)
            {
                length = Part(_last, identity, 0);
                identity[length++] = '\u001F';
                length += Part(_first, identity, length);
                identity[length++] = '\u001F';
                var dob = _csv[_dob];
                if (!dob.Trim().IsEmpty)
                {
                    if (!ArrestDates.TryParse(dob, out var date))
                    {
                        throw _csv.Error(_dob, $"'{dob}' is not a date; use {ArrestDates.AcceptedDescription}");
                    }

                    date.TryFormat(identity[length..], out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    length += written;
                }
            }
        }

        return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(identity[..length]), _seed);
    }

    private int Part(int column, Span<char> identity, int at)
    {
        var n = Normalization.Normalize(_csv[column], identity[at..], out var large);
        return large is null && at + n < identity.Length - 16 ? n : throw _csv.Error(column, "is too long to be part of a person identity");
    }

    private ArrestMonth Month()
    {
        if (_arrestMonth >= 0)
        {
            return ArrestMonth.TryParse(_csv[_arrestMonth], out var m) ? m : throw _csv.Error(_arrestMonth, $"'{_csv[_arrestMonth]}' is not a month; write yyyy-MM");
        }

        return ArrestMonth.Of(Date(_arrestDate));
    }

    private DateOnly Date(int column) =>
        ArrestDates.TryParse(_csv[column], out var d) ? d : throw _csv.Error(column, $"'{_csv[column]}' is not a date; use {ArrestDates.AcceptedDescription}");

    private bool Flag(int column) =>
        ArrestCodes.TryParseFlag(_csv[column], out var flag) ? flag : throw _csv.Error(column, $"'{_csv[column]}' is not a valid flag code; expected one of Y, N");

    private InputException Missing(string column, string what) =>
        new(_csv.Path, 1, column, $"is needed for {what}, but the input has no such column");

    private Column BindDimension(Dimension dimension)
    {
        var direct = _csv.IndexOf(dimension.Name);
        var index = dimension.Values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal);
        switch (dimension.Name)
        {
            case "arrest_month":
                return new Column(dimension, -1, index, Source.Month);
            case "zip3" when direct < 0:
                var zip = _csv.IndexOf(ArrestSchema.HomeZip);
                return zip >= 0 ? new Column(dimension, zip, index, Source.Zip3) : throw Missing("zip3", "the dimension zip3 (zip3 or home_zip)");
            case "age_band" when direct < 0:
                return _dob >= 0 && _arrestDate >= 0
                    ? new Column(dimension, _dob, index, Source.AgeBand)
                    : throw Missing("age_band", "the dimension age_band (age_band, or dob and arrest_date)");
            default:
                return direct >= 0
                    ? new Column(dimension, direct, index, Source.Direct)
                    : throw Missing(dimension.Name, $"the dimension {dimension.Name}");
        }
    }

    private enum Source
    {
        Direct,
        Month,
        Zip3,
        AgeBand,
    }

    private sealed class Column(Dimension dimension, int input, Dictionary<string, int> index, Source source)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();

        public Dimension Dimension { get; } = dimension;

        public int IndexOf(ReleaseCounter counter, ArrestMonth month)
        {
            var csv = counter._csv;
            Span<char> buffer = stackalloc char[8];
            ReadOnlySpan<char> value = source switch
            {
                Source.Month => Format(month, buffer),
                Source.Zip3 => Zip3(csv[input].Trim()),
                Source.AgeBand => AgeBands.Label(Math.Max(0, AgeBands.AgeAt(counter.Date(input), counter.Date(counter._arrestDate)))),
                _ => csv[input].Trim(),
            };

            if (_lookup.TryGetValue(value, out var i))
            {
                return i;
            }

            return Dimension.HasOther
                ? Dimension.Values.Length - 1
                : throw csv.Error(input < 0 ? counter._arrestMonth : input,
                    $"'{value}' is not in the domain of {Dimension.Name} ({string.Join(", ", Dimension.Values)}); fix the value, or declare the domain in the spec to count it as {Dimension.Other}");
        }

        private static ReadOnlySpan<char> Format(ArrestMonth month, Span<char> buffer)
        {
            month.FirstDay.TryFormat(buffer, out var n, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            return buffer[..n];
        }

        private static ReadOnlySpan<char> Zip3(ReadOnlySpan<char> zip) => zip.Length >= 3 ? zip[..3] : zip;
    }
}
