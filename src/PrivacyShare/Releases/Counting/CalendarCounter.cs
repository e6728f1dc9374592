using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Records;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Counting;

/// <summary>
/// Counts what is new in one regular period of a calendar (docs/calendar.md): reads the extract as known
/// at the end of the period (the output of pseudonymize: its booking_id and person_id are stable
/// pseudonyms), finds in the calendar store what was measured before, and counts each new event (a
/// booking first seen, an IDENT match, detainer or removal first recorded) in the period's cells, under
/// each table's bound shared across the whole calendar: a person's first B events, in the order the
/// calendar first saw them, whichever releases measured them. Updates the store in place.
/// </summary>
internal sealed class CalendarCounter
{
    private readonly ReleaseDesign _design;
    private readonly int _first; // the first period this release reads: after skipped periods, earlier than _period
    private readonly int _period;
    private readonly (int From, int To) _remeasure; // periods measured by a release that was charged but never published; (0, -1) when none
    private readonly CalendarPeriod _span;
    private readonly CalendarStore _store;
    private readonly LedgerKey _key;
    private readonly CsvTableReader _csv;
    private readonly string _path;
    private readonly string[] _header;
    private readonly int _booking, _person, _month, _date, _match, _detainer, _removed;
    private readonly int[] _dimensionColumns; // per design dimension: its input column, or -1 for period
    private readonly int _periodDimension;
    private readonly bool _summary; // measure again the events first seen in _remeasure, and nothing new

    // The longest pseudonym accepted: as a person_id in a one-shot release.
    private const int IdentityKeysMaxLength = Pseudonymization.IdentityKeys.MaxLength;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _valueIndex;
    private readonly int[][] _tableGroups; // [table][kind]: the table's group of that event kind, or -1
    private readonly int[][] _droppedGroups; // [class][kind]

    private CalendarCounter(ReleaseDesign design, int first, int period, (int From, int To) remeasure, CalendarStore store, LedgerKey key, CsvTableReader csv, bool summary = false)
    {
        _summary = summary;
        _design = design;
        _first = first;
        _period = period;
        _remeasure = remeasure;
        _span = design.Heading.Calendar!.Periods[period];
        _store = store;
        _key = key;
        _csv = csv;
        _path = csv.Path;
        _header = [.. csv.Header];
        int Required(string column, string why) => csv.IndexOf(column) is var i and >= 0 ? i : throw Throw.MissingColumn(csv.Path, column, why);
        _booking = Required(ArrestSchema.BookingId, "a calendar release: it recognizes a booking from one extract to the next by its booking_id (the output of pseudonymize)");
        _person = Required("person_id", "a calendar release: each person's events are capped across the calendar by person_id (the output of pseudonymize)");
        _month = csv.IndexOf("arrest_month");
        _date = csv.IndexOf(ArrestSchema.ArrestDate);
        if (_month < 0 && _date < 0)
        {
            throw Throw.MissingColumn(csv.Path, "arrest_month", "the arrest's month (arrest_month or arrest_date)");
        }

        _match = Required(ArrestSchema.IdentMatch, "the event of an IDENT match");
        _detainer = Required(ArrestSchema.DetainerIssued, "the event of a detainer");
        _removed = Required(ArrestSchema.Removed, "the event of a removal");
        _dimensionColumns = [.. design.Dimensions.Select(d => d.Name == "period" ? -1 : Required(d.Name, $"the dimension {d.Name}"))];
        _periodDimension = design.AttributeOf("period");
        _valueIndex = [.. design.Dimensions.Select(d => d.Values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>())];
        _tableGroups = [.. design.Tables.Select(t => Stages.GroupOfStage(t.Groups))];
        _droppedGroups = [.. design.Dropped.Select(c => Stages.GroupOfStage(c.Groups))];
        _canonical = [.. ArrestSchema.Checked.Select((name, canonical) => (Column: csv.IndexOf(name), canonical)).Where(c => c.Column >= 0)];
    }

    private readonly (int Column, int Canonical)[] _canonical; // every canonical column the input has

    /// <summary>
    /// Counts regular period <paramref name="period"/> (an index into the calendar's periods) of
    /// <paramref name="inputPath"/> against <paramref name="store"/>, which it updates. After skipped
    /// periods, <paramref name="first"/> is the first period not yet released: a booking first seen now
    /// counts in the period of its arrest month, but not before <paramref name="first"/>; an outcome of
    /// a booking seen before counts in <paramref name="period"/> (when, between, it was recorded is unknown).
    /// </summary>
    /// <exception cref="InputException">A row is invalid; the message names file, line and field.</exception>
    /// <exception cref="RefusedException">The extract cannot be this calendar's (another pseudonym key or identity rule).</exception>
    /// <remarks>
    /// With <paramref name="remeasure"/>, the events the store records as first seen in those periods (by a
    /// release that was charged but never published) are counted again, as they were capped then, in the
    /// periods they were first seen in: a new charge pays for measuring them again.
    /// </remarks>
    public static CalendarCounts Count(ReleaseDesign design, int period, CalendarStore store, LedgerKey key, string inputPath, int? first = null, (int From, int To)? remeasure = null)
    {
        using var csv = CsvTableReader.Open(inputPath);
        var counter = new CalendarCounter(design, first ?? period, period, remeasure ?? (0, -1), store, key, csv);
        return counter.Run();
    }

    /// <summary>
    /// Counts a summary of the periods <paramref name="from"/> to <paramref name="to"/> (indexes into the
    /// calendar's periods, all released): every event the store records as first seen in them, where its
    /// caps put it when it was first measured (a capped event in the tables, one beyond the bound in the
    /// dropped-records counts), with the dimension values of <paramref name="inputPath"/>, the extract as
    /// known now. Nothing new is measured and the store is not changed. The counts are in the layout of
    /// <paramref name="design"/>'s tables by period; a booking of the store missing from the extract
    /// (vanished) cannot be placed and is reported.
    /// </summary>
    /// <exception cref="InputException">A row is invalid; the message names file, line and field.</exception>
    /// <exception cref="RefusedException">The extract cannot be this calendar's.</exception>
    public static CalendarCounts CountSummary(ReleaseDesign design, int from, int to, CalendarStore store, LedgerKey key, string inputPath)
    {
        using var csv = CsvTableReader.Open(inputPath);
        var last = design.Dimensions[design.AttributeOf("period")].Values.Length - 1;
        return new CalendarCounter(design, last, last, (from, to), store, key, csv, summary: true).Run();
    }

    private CalendarCounts Run()
    {
        var design = _design;
        var result = new CalendarCounts
        {
            Counts = new ExactCounts
            {
                Tables = [.. design.Tables.Select(t => new long[t.Cells * t.Groups.Length])],
                Dropped = [.. design.Dropped.Select(c => new long[c.Counts])],
            },
        };
        var counts = result.Counts;
        var known = _store.BookingCount;
        var seen = new bool[known];
        long matched = 0, changed = 0;
        var dimensions = design.Dimensions.Length;

        // Parsing and the keyed hashes have no state and run on all cores; the caps need the rows in file
        // order, so the store's part is one sequential stage (as a one-shot release counts).
        var holders = new System.Collections.Concurrent.ConcurrentBag<Rows>();
        try
        {
            BatchPipeline.Run(_csv, () =>
            {
                var rows = new Rows(CellBatch.DefaultRows, dimensions, _key.NewHmac());
                holders.Add(rows);
                return rows;
            }, Extract, rows => Accumulate(rows, result, seen, known, ref matched, ref changed), null, "counting");
        }
        finally
        {
            foreach (var h in holders)
            {
                h.Hmac.Dispose();
            }
        }

        for (var i = 0; i < known; i++)
        {
            result.Vanished += seen[i] ? 0 : 1;
        }

        // An extract made under another pseudonym key (or another identity rule) shares no booking (or no
        // person) with the store: its events would be counted again under fresh caps. Refused.
        if (known > 0 && matched == 0)
        {
            throw Throw.CalendarExtractForeign(_csv.Path, known, "none of them is in this extract: it was pseudonymized under another key, or is not this dataset's export");
        }

        if (matched >= 20 && changed * 2 > matched)
        {
            throw Throw.CalendarExtractForeign(_csv.Path, known, $"{changed} of the {matched} found belong to another person than before: the extract was pseudonymized with another identity rule");
        }

        if (!_summary)
        {
            _store.LastPeriod = Math.Max(_store.LastPeriod, _period);
        }

        counts.People = _store.PersonCount;
        return result;
    }

    // Per row, what needs no state: the month, stage and dimension values, and the two keyed hashes.
    private void Extract(CellBatch batch, Rows rows)
    {
        var calendar = _design.Heading.Calendar!;
        var dims = rows.Dimensions;
        for (var r = 0; r < batch.Count; r++)
        {
            var line = batch.Lines[r];
            rows.Line[r] = line;

            // One validation, as in a one-shot release (ReleaseCounter): every canonical column present.
            foreach (var (column, canonical) in _canonical)
            {
                ArrestFields.Check(canonical, batch.Get(r, column), _path, line);
            }

            var month = _month >= 0
                ? ArrestFields.Month(batch.Get(r, _month), _path, line, _header[_month])
                : ArrestMonth.Of(ArrestFields.RequiredDate(batch.Get(r, _date), _path, line, _header[_date]));
            if (month > _span.To && !_summary)
            {
                throw Throw.BadCell(_path, line, _header[_month >= 0 ? _month : _date], $"is {month}, after the period {_span.Label} this release reads; export the records as known at the end of {_span.Label}");
            }

            if (month < calendar.From)
            {
                rows.Stage[r] = -2; // before the calendar
                continue;
            }

            rows.Stage[r] = (sbyte)Stage(batch, r);
            var arrestPeriod = Math.Clamp(calendar.From.MonthsThrough(month) - 1, 0, int.MaxValue) / (int)calendar.Cadence;
            for (var d = 0; d < dims; d++)
            {
                rows.Values[r * dims + d] = _dimensionColumns[d] < 0 ? Math.Clamp(arrestPeriod, _first, _period) : ValueOf(batch, r, d);
            }

            rows.Booking[r] = Keyed(rows.Hmac, "privacyshare-calendar/booking\n"u8, batch, r, _booking);
            rows.Person[r] = Keyed(rows.Hmac, "privacyshare-calendar/person\n"u8, batch, r, _person);
        }

        rows.Count = batch.Count;
    }

    // The store's part, in file order: what was seen before, the caps, the counts.
    private void Accumulate(Rows rows, CalendarCounts result, bool[] seen, int known, ref long matched, ref long changed)
    {
        var counts = result.Counts;
        var dims = rows.Dimensions;
        var values = new int[dims];
        for (var r = 0; r < rows.Count; r++)
        {
            counts.RecordsRead++;
            if (rows.Stage[r] == -2)
            {
                result.BeforeCalendar++;
                counts.OutsidePeriod++;
                continue;
            }

            var stage = rows.Stage[r];
            Array.Copy(rows.Values, r * dims, values, 0, dims);
            var bookingKey = rows.Booking[r];
            var personKey = rows.Person[r];
            var line = rows.Line[r];
            var person = _store.Person(personKey);
            var index = _store.FindBooking(bookingKey);
            if (index >= 0 && index < known)
            {
                if (seen[index])
                {
                    throw Throw.BadCell(_path, line, _header[_booking], "appears twice in the extract; every booking is one row");
                }

                seen[index] = true;
                matched++;
                ref var existing = ref _store.BookingAt(index);
                SetPeriod(values, _period); // an outcome of a booking seen before: recorded since the last release
                if (_summary)
                {
                    // A summary changes nothing in the store: it measures again what was measured.
                    changed += _store.Root(existing.Person) != _store.Root(person) ? 1 : 0;
                    result.Remeasured += Remeasure(ref existing, values, counts);
                    continue;
                }

                if (_store.Root(existing.Person) != _store.Root(person))
                {
                    changed++;
                    result.PersonChanged++;
                    _store.Merge(existing.Person, person);
                    existing.Person = person;
                }

                if (_remeasure.To >= _remeasure.From)
                {
                    result.Remeasured += Remeasure(ref existing, values, counts);
                    SetPeriod(values, _period);
                }
            }
            else if (index >= 0)
            {
                throw Throw.BadCell(_path, line, _header[_booking], "appears twice in the extract; every booking is one row");
            }
            else if (_summary)
            {
                result.NewBookings++; // seen first now: a later regular release measures it
                continue;
            }
            else
            {
                index = _store.AddBooking(bookingKey, person);
                result.NewBookings++;
            }

            ref var booking = ref _store.BookingAt(index);
            if (stage < booking.Stage)
            {
                result.Withdrawn++;
                continue;
            }

            if (stage > booking.Stage && booking.Stage >= 0)
            {
                result.Progressed++;
            }

            for (var kind = booking.Stage + 1; kind <= stage; kind++)
            {
                Measure(ref booking, kind, _store.Root(booking.Person), values, counts);
                result.NewEvents++;
            }

            booking.Stage = (sbyte)Math.Max(booking.Stage, stage);
        }
    }

    // One new event of `kind` for a booking: counted in each table of each bound class that covers the
    // kind, while the person's count for that class is within the bound; in the class's dropped count up
    // to twice it; nowhere beyond.
    private void Measure(ref CalendarStore.Booking booking, int kind, int root, int[] values, ExactCounts counts)
    {
        booking.Seen[kind] = (short)values[_periodDimension];
        var design = _design;
        var used = false;
        for (var c = 0; c < design.Dropped.Length; c++)
        {
            var group = _droppedGroups[c][kind];
            if (group < 0)
            {
                continue;
            }

            ref var count = ref _store.Count(root, c);
            count = count == ushort.MaxValue ? count : (ushort)(count + 1);
            var bound = design.Dropped[c].Bound;
            if (count <= bound)
            {
                booking.Capped |= 1u << (8 * kind + c);
                used = true;
                CountInTables(c, kind, values, counts);
            }
            else if (count <= 2 * bound)
            {
                booking.Dropped |= 1u << (8 * kind + c);
                counts.Dropped[c][group]++;
                counts.DroppedByBound++;
            }
            else
            {
                counts.BeyondTwiceBound++;
            }
        }

        counts.RecordsUsed += used ? 1 : 0;
    }

    private void SetPeriod(int[] values, int period) => values[_periodDimension] = period;

    // The booking's events first seen in the periods to measure again, counted where their caps put them
    // when they were first measured; the number of events.
    private int Remeasure(ref CalendarStore.Booking booking, int[] values, ExactCounts counts)
    {
        var events = 0;
        for (var kind = 0; kind <= booking.Stage; kind++)
        {
            var p = booking.Seen[kind];
            if (p < _remeasure.From || p > _remeasure.To)
            {
                continue;
            }

            events++;
            SetPeriod(values, p);
            for (var c = 0; c < _design.Dropped.Length; c++)
            {
                var group = _droppedGroups[c][kind];
                var bit = 1u << (8 * kind + c);
                if (group < 0)
                {
                    continue;
                }

                if ((booking.Capped & bit) != 0)
                {
                    CountInTables(c, kind, values, counts);
                }
                else if ((booking.Dropped & bit) != 0)
                {
                    counts.Dropped[c][group]++;
                    counts.DroppedByBound++;
                }
            }
        }

        return events;
    }

    private void CountInTables(int c, int kind, int[] values, ExactCounts counts)
    {
        var design = _design;
        for (var t = 0; t < design.Tables.Length; t++)
        {
            if (design.Tables[t].Dropped == c && _tableGroups[t][kind] is var g and >= 0)
            {
                counts.Tables[t][CellOf(t, values) * design.Tables[t].Groups.Length + g]++;
            }
        }
    }

    private long CellOf(int t, int[] values)
    {
        long cell = 0;
        var table = _design.Tables[t];
        for (var d = 0; d < table.Dimensions.Length; d++)
        {
            cell = cell * table.Dimensions[d].Values.Length + values[table.Attributes[d]];
        }

        return cell;
    }

    private int ValueOf(CellBatch batch, int r, int d)
    {
        var dimension = _design.Dimensions[d];
        var text = batch.Get(r, _dimensionColumns[d]).Trim();
        return _valueIndex[d].TryGetValue(text, out var i) ? i
            : dimension.HasOther ? dimension.Values.Length - 1
            : throw Throw.BadCell(_path, batch.Lines[r], _header[_dimensionColumns[d]], $"'{Throw.Show(text.ToString())}' is not a {dimension.Name} value; use one of {string.Join(", ", dimension.Values)}");
    }

    // The booking's stage: the flags nest, as in a one-shot release.
    private int Stage(CellBatch batch, int r)
    {
        var line = batch.Lines[r];
        bool Flag(int column) => ArrestFields.Flag(batch.Get(r, column), _path, line, _header[column]);
        var (match, detainer, removed) = (Flag(_match), Flag(_detainer), Flag(_removed));
        if (removed && !detainer)
        {
            throw Throw.BadCell(_path, line, _header[_removed], "is Y but detainer_issued is N; a removal follows a detainer. Fix the record");
        }

        if (detainer && !match)
        {
            throw Throw.BadCell(_path, line, _header[_detainer], "is Y but ident_match is N; a detainer follows an IDENT match. Fix the record");
        }

        return removed ? 3 : detainer ? 2 : match ? 1 : 0;
    }

    // HMAC-SHA256 under the ledger key of a domain label (booking or person) and the cell's pseudonym, cut to 16 bytes.
    private UInt128 Keyed(HMACSHA256 hmac, ReadOnlySpan<byte> label, CellBatch batch, int r, int column)
    {
        var value = batch.Get(r, column).Trim();
        if (value.IsEmpty)
        {
            throw Throw.BadCell(_path, batch.Lines[r], _header[column], "is empty; every row of a calendar's extract needs its booking_id and person_id");
        }

        if (value.Length > IdentityKeysMaxLength)
        {
            throw Throw.BadCell(_path, batch.Lines[r], _header[column], "is too long for a pseudonym");
        }

        // The domain label, a newline and the value's UTF-8, without allocating: this runs twice a row.
        Span<byte> input = stackalloc byte[64 + 3 * IdentityKeysMaxLength];
        label.CopyTo(input);
        var length = label.Length + Encoding.UTF8.GetBytes(value, input[label.Length..]);
        Span<byte> mac = stackalloc byte[32];
        hmac.TryComputeHash(input[..length], mac, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(mac);
    }

    // One batch's rows as Extract leaves them for Accumulate; each holder has its own HMAC (not thread-safe).
    private sealed class Rows(int capacity, int dimensions, HMACSHA256 hmac)
    {
        public int Count;

        public int Dimensions { get; } = dimensions;

        public HMACSHA256 Hmac { get; } = hmac;

        public long[] Line { get; } = new long[capacity];

        public sbyte[] Stage { get; } = new sbyte[capacity];

        public int[] Values { get; } = new int[capacity * dimensions];

        public UInt128[] Booking { get; } = new UInt128[capacity];

        public UInt128[] Person { get; } = new UInt128[capacity];
    }
}
