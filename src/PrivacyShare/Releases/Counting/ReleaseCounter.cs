using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Internals.IO;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Counting;

/// <summary>
/// Counts the cells of every table of a spec in one streaming pass over the input (the canonical
/// extract or the output of <c>pseudonymize</c>): each record is in one stage, and each table counts
/// it in one cell and stage group. The contribution bound: a table uses the first B records of each
/// person, in file order, among the stages it counts; the next B are counted in the bound's
/// dropped-records count; later ones nowhere. The rule looks only at the person's own records, so it
/// does not depend on anyone else's data.
/// </summary>
/// <remarks>
/// The person identity is person_id when the input has it, else the normalized identity pseudonymize
/// uses (FBI number, else last name, first name and date of birth). It is kept only in memory, as a
/// 64-bit XXH3 hash under a random per-run seed, in a compact map to the person's number
/// (<see cref="HashIndex"/>), with a 2-byte record count per person and bound: memory grows with the
/// number of people, not with the number of rows. Two person_ids with one hash (for 10 million people,
/// about one chance in 370,000 per run) count as one person: their records are capped together, never
/// more than a bound allows for either.
/// </remarks>
internal sealed class ReleaseCounter : IDisposable
{
    private readonly ReleaseDesign _design;
    private readonly string _path;
    private readonly string[] _header;
    private readonly HashIndex _people = new(); // person_id's hash to the person's number

    // For each dropped-records class and stage, the index of the class's group holding the stage.
    private readonly int[][] _droppedGroup;
    private ushort[] _seen = new ushort[1 << 16]; // per person, per dropped class then per limit: records of its stages so far

    // The bounds the spec declares no person exceeds ("beyond_bound": "refuse"), one per bound and
    // stages, with the tables that declare each: a record beyond one is an input error.
    private readonly (int Bound, StageSet Stages, string Tables)[] _limits;
    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
    private readonly Column[] _columns;
    private readonly IdentityKeys? _keys;
    private IdentityLinker? _linker;
    private ScratchFile? _scratch; // each record's facts and node, from linking to counting
    private readonly int _personId, _dob, _age, _arrestDate, _arrestMonth;
    private readonly int _identMatch, _detainer, _removed;
    private readonly (int Column, int Canonical, Use Use)[] _canonical; // every canonical column the input has

    private ReleaseCounter(ReleaseDesign design, IReadOnlyList<string> header, string path)
    {
        _design = design;
        _path = path;
        _header = [.. header];
        int Find(string name) => IndexOf(name);
        if (IndexOf(ArrestSchema.MinKSuppressed) >= 0)
        {
            throw Throw.SuppressedInput(path, ArrestSchema.MinKSuppressed);
        }

        _personId = Find("person_id");
        _dob = Find(ArrestSchema.Dob);
        _age = ArrestSchema.HasAge(_header) ? Find(ArrestSchema.Age) : -1;
        _arrestDate = Find(ArrestSchema.ArrestDate);
        _arrestMonth = Find("arrest_month");
        _identMatch = Find(ArrestSchema.IdentMatch);
        _detainer = Find(ArrestSchema.DetainerIssued);
        _removed = Find(ArrestSchema.Removed);

        if (_personId < 0)
        {
            // The identity pseudonymize uses: the built-in policy's person columns, one definition for both.
            var person = PseudonymPolicy.DefaultFor(_header).Person!;
            int Column(string name) => IndexOf(name) is var i and >= 0 ? i : throw Missing(name, $"the person identity (person_id, or {string.Join(", ", person.Columns)})");
            _keys = new IdentityKeys(path, _header, [.. person.Primary.Select(Column)], [.. person.Fallback.Select(Column)]);
        }

        if (_arrestMonth < 0 && _arrestDate < 0)
        {
            throw Missing("arrest_month", "the period (arrest_month or arrest_date)");
        }

        // A stage needs its flag column when some table separates it from the stage before.
        var measured = design.Tables.SelectMany(t => t.Measures).ToHashSet();
        foreach (var (measure, index, column) in new[] { (Measure.IdentMatches, _identMatch, ArrestSchema.IdentMatch), (Measure.Detainers, _detainer, ArrestSchema.DetainerIssued), (Measure.Removals, _removed, ArrestSchema.Removed) })
        {
            if (measured.Contains(measure) && index < 0)
            {
                throw Missing(column, $"the measure {Measures.Name(measure)}");
            }
        }

        _droppedGroup = [.. design.Dropped.Select(c => Stages.GroupOfStage(c.Groups))];
        _limits = [.. design.Tables.Where(t => t.RefusesBeyondBound).GroupBy(t => (t.Bound, Stages: Stages.Union(t.Groups)))
            .Select(g => (g.Key.Bound, g.Key.Stages, string.Join(", ", g.Select(t => t.Name))))];
        _columns = [.. design.Dimensions.Select(BindDimension)];
        _canonical = [.. ArrestSchema.Checked.Select((name, canonical) => (Column: IndexOf(name), canonical)).Where(c => c.Column >= 0)
            .Select(c => (c.Column, c.canonical, UseOf(c.Column)))];
    }

    /// <summary>
    /// Counts <paramref name="inputPath"/> for <paramref name="design"/>; see
    /// <see cref="Count(ReleaseDesign, Func{CsvTableReader}, IProgress{PipelineProgress}, string)"/> for <paramref name="scratch"/>.
    /// </summary>
    public static ExactCounts Count(ReleaseDesign design, string inputPath, IProgress<PipelineProgress>? progress = null, string? scratch = null) =>
        Count(design, () => CsvTableReader.Open(inputPath), progress, scratch);

    /// <summary>
    /// Counts the table that <paramref name="open"/> reads (the reader it returns is disposed) for
    /// <paramref name="design"/>, in one read. Without a person_id column, records are linked into people
    /// (<see cref="IdentityLinker"/>) as they are read, and each record's facts wait in a scratch file in
    /// <paramref name="scratch"/> (the system's temporary folder when null; a release gives its own
    /// folder's) until every record is linked.
    /// </summary>
    public static ExactCounts Count(ReleaseDesign design, Func<CsvTableReader> open, IProgress<PipelineProgress>? progress = null, string? scratch = null)
    {
        var counts = Run(design, open, progress, scratch, out var counter);
        counter.Dispose();
        return counts;
    }

    /// <summary>
    /// Counts <paramref name="inputPath"/> as <see cref="Count(ReleaseDesign, string, IProgress{PipelineProgress}, string)"/>
    /// does and also gives, for each set of stages a table's bound applies to (each dropped class, then
    /// each refused limit, in design order), how many people have k of their records in those stages:
    /// entry k for k = 1 .. <paramref name="top"/> - 1, and entry <paramref name="top"/> for that many
    /// or more. Exact, so for a noisy measurement only (<see cref="BoundAdvisor"/>), never for display.
    /// </summary>
    internal static (ExactCounts Counts, (StageSet Stages, long[] People)[] PerRecords) CountPeoplePerRecords(ReleaseDesign design, string inputPath, int top, IProgress<PipelineProgress>? progress = null)
    {
        var counts = Run(design, () => CsvTableReader.Open(inputPath), progress, null, out var counter);
        using var done = counter;
        var stages = design.Dropped.Select(c => c.Stages).Concat(counter._limits.Select(l => l.Stages)).ToArray();
        var people = counter._linker is { } linker ? linker.Nodes : counts.People;
        var result = stages.Select(s => (s, new long[top + 1])).ToArray();
        for (long p = 0; p < people; p++)
        {
            for (var k = 0; k < stages.Length; k++)
            {
                var seen = p * stages.Length + k < counter._seen.Length ? counter._seen[p * stages.Length + k] : 0;
                if (seen > 0)
                {
                    result[k].Item2[Math.Min(seen, top)]++;
                }
            }
        }

        return (counts, result);
    }

    // The counter comes back for its per-person counts, and its person table with it: the caller disposes it.
    private static ExactCounts Run(ReleaseDesign design, Func<CsvTableReader> open, IProgress<PipelineProgress>? progress, string? scratch, out ReleaseCounter counter)
    {
        ReleaseCounter? c = null;
        try
        {
            using var input = open();
            c = new ReleaseCounter(design, input.Header, input.Path);
            var counts = c._keys is { } keys ? c.LinkAndCount(input, keys, scratch ?? Path.GetTempPath(), progress) : c.Count(input, progress);
            counter = c;
            return counts;
        }
        catch
        {
            c?.Dispose();
            throw;
        }
    }

    /// <summary>Frees the person table.</summary>
    public void Dispose()
    {
        _people.Dispose();
        _linker?.Dispose();
        _scratch?.Dispose();
    }

    // An extract with person_id: pseudonymize linked its records already, so each is counted as it is read.
    private ExactCounts Count(CsvTableReader input, IProgress<PipelineProgress>? progress)
    {
        var counts = NewCounts();
        var (tableColumns, tableGroups, groupCounts) = Layout();

        // Parsing, identity hashing and domain lookups have no state and run on all cores; the
        // contribution bound needs the records in file order, so counting is one sequential stage.
        BatchPipeline.Run(input, () => new RowFacts(_columns.Length), Extract,
            facts => Accumulate(facts, counts, tableColumns, tableGroups, groupCounts), progress, "counting");
        return counts;
    }

    // Without person_id, in one read of the input (issue #22; it was read twice, once to link and once
    // to count). A person's records can only be capped once every record that links them is known, so:
    // the parallel stage checks each record, extracts its facts and builds its identity keys; the
    // ordering stage links the keys and appends the facts, with each record's node in the person table,
    // to a scratch file (on disk: it grows with the records, and memory must not); once every record is
    // linked, the facts are read back in file order and counted by person.
    private ExactCounts LinkAndCount(CsvTableReader input, IdentityKeys keys, string scratch, IProgress<PipelineProgress>? progress)
    {
        var linker = _linker = new IdentityLinker(keys);
        var file = _scratch = new ScratchFile(scratch);
        BatchPipeline.Run(input, () => new LinkBatch(_columns.Length), (cells, batch) => ExtractAndKey(cells, batch, keys),
            batch => LinkAndStore(batch, linker, file), progress, "linking identities");
        var linkage = linker.Finish();

        _seen = new ushort[Math.Max(1, linker.Nodes * (_design.Dropped.Length + _limits.Length))];
        var counts = NewCounts();
        var (tableColumns, tableGroups, groupCounts) = Layout();
        var facts = new RowFacts(_columns.Length);
        file.Rewind();
        long rows = 0;
        while (facts.ReadFrom(file))
        {
            for (var r = 0; r < facts.Count; r++)
            {
                facts.Person[r] = facts.InPeriod[r] ? linker.PersonOfNode(facts.Person[r]) : 0;
            }

            Accumulate(facts, counts, tableColumns, tableGroups, groupCounts);
            rows += facts.Count;
            progress?.Report(new PipelineProgress("counting", rows));
        }

        counts.Linkage = linkage;
        counts.People = linkage.People;
        return counts;
    }

    // The first error in file order wins, as in the two reads before: a bad field before the record's
    // identity is built, an identity error before any later record's.
    private void ExtractAndKey(CellBatch input, LinkBatch batch, IdentityKeys keys)
    {
        var facts = batch.Facts;
        batch.Error = null;
        try
        {
            Extract(input, facts);
        }
        catch (InputException e)
        {
            batch.Error = e; // at row facts.Count
        }

        var rows = facts.Count;
        batch.Keys.Fill(_linker!, keys, input, (_, r) => r < rows && facts.InPeriod[r]);
        if (batch.Keys.Error is { } keyError && batch.Keys.Count < rows)
        {
            batch.Error = keyError;
            rows = batch.Keys.Count;
        }

        batch.Rows = rows;
    }

    private void LinkAndStore(LinkBatch batch, IdentityLinker linker, ScratchFile file)
    {
        var facts = batch.Facts;
        linker.Link(batch.Keys, batch.Rows, facts.Person);
        for (var r = 0; r < batch.Rows; r++)
        {
            if (facts.InPeriod[r] && facts.Person[r] == IdentityLinker.Unlinked)
            {
                throw Throw.NoIdentity(_path, facts.Line[r]);
            }
        }

        facts.Count = batch.Rows;
        facts.WriteTo(file);
        if (batch.Error is { } error)
        {
            throw error;
        }
    }

    private ExactCounts NewCounts() => new()
    {
        Tables = [.. _design.Tables.Select(t => new long[t.Cells * t.Groups.Length])],
        Dropped = [.. _design.Dropped.Select(c => new long[c.Counts])],
    };

    // Each table's columns (the design's attributes, in the same order as _columns), for each table and
    // stage the index of the group holding the stage (or -1), and each table's number of groups.
    private (int[][] Columns, int[][] Groups, int[] GroupCounts) Layout() =>
        ([.. _design.Tables.Select(t => t.Attributes.ToArray())],
         [.. _design.Tables.Select(t => Stages.GroupOfStage(t.Groups))],
         [.. _design.Tables.Select(t => t.Groups.Length)]);

    // Each record's checks and facts; facts.Count is the row an error stopped at.
    private void Extract(CellBatch input, RowFacts facts)
    {
        var columns = _columns.Length;
        for (var r = 0; r < input.Count; r++)
        {
            facts.Count = r;
            var line = input.Lines[r];

            // One validation: every canonical column the input has is held to the rule every command
            // reads it by (ArrestFields), whether or not a table uses it, so that a file pseudonymize
            // refuses, release refuses too (issue #20). The cells the release itself needs (the arrest
            // date, the flags) are kept from that one reading rather than parsed again.
            DateOnly arrested = default;
            bool match = false, detainer = false, removed = false;
            foreach (var (column, canonical, use) in _canonical)
            {
                var text = input.Get(r, column);
                switch (use)
                {
                    case Use.ArrestDate: arrested = ArrestFields.RequiredDate(text, _path, line, _header[column]); break;
                    case Use.IdentMatch: match = ArrestFields.Flag(text, _path, line, _header[column]); break;
                    case Use.Detainer: detainer = ArrestFields.Flag(text, _path, line, _header[column]); break;
                    case Use.Removed: removed = ArrestFields.Flag(text, _path, line, _header[column]); break;
                    default: ArrestFields.Check(canonical, text, _path, line); break;
                }
            }

            var month = _arrestMonth >= 0 ? ArrestFields.Month(input.Get(r, _arrestMonth), _path, line, _header[_arrestMonth]) : ArrestMonth.Of(arrested);
            facts.InPeriod[r] = month >= _design.Heading.From && month <= _design.Heading.To;
            if (!facts.InPeriod[r])
            {
                continue;
            }

            if (_keys is null)
            {
                facts.People[r] = PersonKey(input, r);
            }

            for (var c = 0; c < columns; c++)
            {
                facts.ValueIndex[r * columns + c] = _columns[c].IndexOf(this, input, r, month);
            }

            facts.Stage[r] = Stage(input, r, match, detainer, removed);
            facts.Line[r] = line;
        }

        facts.Count = input.Count;
    }

    private void Accumulate(RowFacts facts, ExactCounts counts, int[][] tableColumns, int[][] tableGroups, int[] groupCounts)
    {
        var tables = _design.Tables;
        var classes = _design.Dropped;
        var columns = _columns.Length;
        Span<bool> used = stackalloc bool[classes.Length];
        var slots = classes.Length + _limits.Length;
        for (var r = 0; r < facts.Count; r++)
        {
            counts.RecordsRead++;
            if (!facts.InPeriod[r])
            {
                counts.OutsidePeriod++;
                continue;
            }

            int person;
            if (_linker is not null)
            {
                person = facts.Person[r];
            }
            else
            {
                person = _people.GetOrAdd(facts.People[r], out var added);
                if (added)
                {
                    counts.People++;
                    if ((person + 1) * slots > _seen.Length)
                    {
                        Array.Resize(ref _seen, _seen.Length * 2);
                    }
                }
            }

            var stage = facts.Stage[r];
            var dropped = false;
            for (var k = 0; k < classes.Length; k++)
            {
                used[k] = false;
                if (((int)classes[k].Stages >> stage & 1) == 0)
                {
                    continue;
                }

                ref var seen = ref _seen[person * slots + k];
                seen = seen == ushort.MaxValue ? seen : (ushort)(seen + 1);
                if (seen <= classes[k].Bound)
                {
                    used[k] = true;
                    continue;
                }

                dropped = true;
                if (seen <= 2 * classes[k].Bound)
                {
                    // Per arrest month when the class keeps its counts so (DroppedDesign.Periods).
                    var slot = _droppedGroup[k][stage];
                    if (classes[k].PeriodAttribute >= 0)
                    {
                        slot += facts.ValueIndex[r * columns + classes[k].PeriodAttribute] * classes[k].Groups.Length;
                    }

                    counts.Dropped[k][slot]++;
                }
                else
                {
                    counts.BeyondTwiceBound++;
                }
            }

            for (var l = 0; l < _limits.Length; l++)
            {
                var (bound, stages, declaring) = _limits[l];
                if (((int)stages >> stage & 1) == 1 && ++_seen[person * slots + classes.Length + l] > bound)
                {
                    // Refused before any budget is spent. The message names the line, not the person.
                    // The field is the flag that put the record in the bounded stages (none for an arrest).
                    int[] flags = [-1, _identMatch, _detainer, _removed];
                    throw Throw.BadCell(_path, facts.Line[r], flags[stage] >= 0 ? _header[flags[stage]] : null,
                        $"is a person's record number {bound + 1} that {declaring} counts (stages {Stages.Describe(stages)}), beyond the bound of {bound} it declares with \"beyond_bound\": \"refuse\". " +
                        "Check the person's records (two people linked as one?), or let the release count the records beyond the bound with noise: remove \"beyond_bound\" (docs/releases.md says what changing the spec after a refusal tells readers)");
                }
            }

            if (dropped)
            {
                counts.DroppedByBound++;
            }
            else
            {
                counts.RecordsUsed++;
            }

            for (var t = 0; t < tables.Length; t++)
            {
                var group = tableGroups[t][stage];
                if (group < 0 || (tables[t].Dropped >= 0 && !used[tables[t].Dropped]))
                {
                    continue;
                }

                var dims = tables[t].Dimensions;
                long cell = 0;
                for (var d = 0; d < dims.Length; d++)
                {
                    cell = cell * dims[d].Values.Length + facts.ValueIndex[r * columns + tableColumns[t][d]];
                }

                counts.Tables[t][cell * groupCounts[t] + group]++;
            }
        }
    }

    // The record's one stage. The flags nest (a removal follows a detainer, which follows a match), so a
    // record whose flags do not is an input error rather than a guess.
    private byte Stage(CellBatch input, int r, bool match, bool detainer, bool removed)
    {
        if (removed && _detainer >= 0 && !detainer)
        {
            throw Error(input, r, _removed, "is Y but detainer_issued is N; a removal follows a detainer in the stages a release counts (not_matched, matched_no_detainer, detainer_not_removed, removed). Fix the record");
        }

        if ((detainer || removed) && _identMatch >= 0 && !match)
        {
            throw Error(input, r, detainer ? _detainer : _removed, "is Y but ident_match is N; a detainer or removal follows an IDENT match in the stages a release counts. Fix the record");
        }

        return (byte)(removed ? 3 : detainer ? 2 : match ? 1 : 0);
    }

    // The person_id column of a pseudonymized extract, hashed: pseudonymize linked its records already.
    private ulong PersonKey(CellBatch input, int r)
    {
        var id = input.Get(r, _personId).Trim();
        if (id.IsEmpty)
        {
            throw Error(input, r, _personId, "is empty; every record needs its person_id for the contribution bound");
        }

        if (id.Length > IdentityKeys.MaxLength)
        {
            throw Error(input, r, _personId, "is too long for a person_id");
        }

        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id), _seed);
    }

    // The band of the age at arrest, from the birth date or the age column; empty when the birth date
    // is unknown or no band holds the age (counted as the domain says).
    private ReadOnlySpan<char> AgeBand(CellBatch input, int r, int column, AgeBands bands) =>
        ArrestFields.BandAtArrest(bands, input.Get(r, column), column == _age, column == _age ? default : input.Get(r, _arrestDate),
            _path, input.Lines[r], _header[column], _arrestDate >= 0 ? _header[_arrestDate] : ArrestSchema.ArrestDate, DeclareBands);

    internal const string DeclareBands = "declare age bands that hold it under the spec's domains.age_band, as the agency publishes them (NYPD: \"<18\", \"18-24\", \"25-44\", \"45-64\", \"65+\")";

    private int IndexOf(string column) => Array.IndexOf(_header, column);

    private InputException Error(CellBatch input, int r, int column, string problem) => Throw.BadCell(_path, input.Lines[r], _header[column], problem);

    private InputException Missing(string column, string what) =>
        Throw.MissingColumn(_path, column, what);

    private Column BindDimension(Dimension dimension)
    {
        var direct = IndexOf(dimension.Name);
        var index = new DomainIndex(dimension.Values);
        switch (dimension.Name)
        {
            case "arrest_month":
                return new Column(dimension, -1, index, Source.Month);
            case "zip3" when direct < 0:
                var zip = IndexOf(ArrestSchema.HomeZip);
                return zip >= 0 ? new Column(dimension, zip, index, Source.Zip3) : throw Missing("zip3", "the dimension zip3 (zip3 or home_zip)");
            case "age_band" when direct < 0:
                return _age >= 0 ? new Column(dimension, _age, index, Source.AgeBand)
                    : _dob >= 0 && _arrestDate >= 0 ? new Column(dimension, _dob, index, Source.AgeBand)
                    : throw Missing("age_band", "the dimension age_band (age_band, age, or dob and arrest_date)");
            default:
                return direct >= 0
                    ? new Column(dimension, direct, index, Source.Direct)
                    : throw Missing(dimension.Name, $"the dimension {dimension.Name}");
        }
    }

    private Use UseOf(int column) =>
        column == _arrestDate ? Use.ArrestDate
        : column == _identMatch ? Use.IdentMatch
        : column == _detainer ? Use.Detainer
        : column == _removed ? Use.Removed
        : Use.Check;

    // What the release keeps of a canonical column's reading, beyond its check.
    private enum Use : byte
    {
        Check,
        ArrestDate,
        IdentMatch,
        Detainer,
        Removed,
    }

    private enum Source
    {
        Direct,
        Month,
        Zip3,
        AgeBand,
    }

    // One batch on its way through LinkAndCount: the records' facts and identity keys, and how many of
    // its rows come before its first error.
    private sealed class LinkBatch(int dimensions)
    {
        public RowFacts Facts { get; } = new(dimensions);

        public IdentityLinker.Batch Keys { get; } = new();

        public int Rows { get; set; }

        public InputException? Error { get; set; }
    }

    private sealed class Column(Dimension dimension, int input, DomainIndex index, Source source)
    {
        // The domain's labels as age bands (the spec checked that they are), for a band derived here.
        private readonly AgeBands? _bands = source == Source.AgeBand
            ? AgeBands.Parse([.. dimension.Values.Where(v => v != Dimension.Other)], out _) ?? throw Throw.Bug("age_band's domain is not a list of age bands")
            : null;

        public Dimension Dimension { get; } = dimension;

        public int IndexOf(ReleaseCounter counter, CellBatch batch, int r, ArrestMonth month)
        {
            if (source == Source.Month && index.TryGetMonth(month, out var m))
            {
                return m;
            }

            Span<char> buffer = stackalloc char[10];
            ReadOnlySpan<char> value = source switch
            {
                Source.Month => ArrestDates.FormatIso(month.FirstDay, buffer)[..7],
                Source.Zip3 => ArrestFields.Zip3(batch.Get(r, input), counter._path, batch.Lines[r], counter._header[input]),
                Source.AgeBand => counter.AgeBand(batch, r, input, _bands!),
                _ => batch.Get(r, input).Trim(),
            };

            if (index.TryGetValue(value, out var i))
            {
                return i;
            }

            return Dimension.HasOther
                ? Dimension.Values.Length - 1
                : throw counter.Error(batch, r, input < 0 ? Math.Max(counter._arrestMonth, counter._arrestDate) : input,
                    $"'{Throw.Show(value)}' is not in the domain of {Dimension.Name} ({string.Join(", ", Dimension.Values)}); fix the value, or list it under the spec's domains.{Dimension.Name} (a declared domain counts other values as {Dimension.Other} unless it says \"other\": false)");
        }
    }
}
