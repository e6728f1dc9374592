using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Records;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// A policy bound to one input file's header: input column indexes resolved, hashers keyed. Turns an
/// input row into an output row; thread-safe (it holds no per-row state), so batches transform in
/// parallel.
/// </summary>
internal sealed class PolicyPlan : IDisposable
{
    private readonly string _inputPath;
    private readonly string[] _header;
    private readonly Output[] _outputs;
    private readonly IdentityKeys? _identity;
    private readonly (int Column, int Canonical)[] _canonical; // every canonical column the input has

    private PolicyPlan(string inputPath, string[] header, Output[] outputs, IdentityKeys? identity, string[] outputNames, int[] quasiIdentifiers, int pseudonymColumns)
    {
        PseudonymColumns = pseudonymColumns;
        _inputPath = inputPath;
        _header = header;
        _canonical = [.. ArrestSchema.Checked.Select((name, canonical) => (Column: Array.IndexOf(header, name), canonical)).Where(c => c.Column >= 0)];
        _outputs = outputs;
        _identity = identity;
        OutputColumns = outputNames;
        QuasiIdentifierColumns = quasiIdentifiers;
    }

    public string[] OutputColumns { get; }

    /// <summary>The person identity's keys, when the policy has one (read once to link, <see cref="Linker"/>).</summary>
    public IdentityKeys? Identity => _identity;

    /// <summary>The records' people, linked before the pass that writes pseudonyms.</summary>
    public IdentityLinker? Linker { get; set; }

    /// <summary>
    /// For each output column, whether PrivacyShare writes its values itself (codes checked against
    /// their set, dates, bands, ZIP3 digits, pseudonyms): plain ASCII that needs no CSV quoting and
    /// cannot start a spreadsheet formula. Copied columns are user text and are not plain.
    /// </summary>
    public bool[] PlainColumns => [.. _outputs.Select(o => o.Kind != OutputKind.Copy)];

    /// <summary>How many output columns hold pseudonyms (each needs a queue per batch).</summary>
    public int PseudonymColumns { get; }

    /// <summary>Indexes into <see cref="OutputColumns"/> of the quasi-identifiers.</summary>
    public int[] QuasiIdentifierColumns { get; }

    /// <summary>
    /// Checks the policy against <paramref name="header"/>: every input column named by the policy,
    /// every policy column present. Errors name the column and say how to fix the policy.
    /// </summary>
    public static PolicyPlan Bind(PseudonymPolicy policy, IReadOnlyList<string> header, string inputPath, PseudonymKey? key)
    {
        var headerArray = header.ToArray();
        foreach (var column in headerArray.Where(h => policy.Columns.All(c => c.Input != h)))
        {
            throw Throw.PolicyLacksColumn(inputPath, column, policy.Source);
        }

        int Index(string column, string role)
        {
            var i = Array.IndexOf(headerArray, column);
            return i >= 0
                ? i
                : throw Throw.PolicyNamesMissingColumn(policy.Source, column, role, inputPath, string.Join(",", headerArray));
        }

        var outputs = new List<Output>();
        var names = new List<string>();
        IdentityKeys? identity = null;
        var queues = 0;
        if (policy.Person is { } person)
        {
            identity = new IdentityKeys(inputPath, headerArray,
                [.. person.Primary.Select(c => Index(c, "person.primary"))], [.. person.Fallback.Select(c => Index(c, "person.fallback"))]);
            outputs.Add(new Output(OutputKind.Person, -1, -1, Hasher(key, person.Output), queues++));
            names.Add(person.Output);
        }

        foreach (var rule in policy.Columns)
        {
            var input = Index(rule.Input, rule.Action.ToString().ToLowerInvariant());
            if (rule.Output is null)
            {
                continue;
            }

            var (kind, at) = rule.Action switch
            {
                ColumnAction.Keep => (KeepKind(rule.Input), -1),
                ColumnAction.Pseudonymize => (IsDateColumn(rule.Input) ? OutputKind.PseudonymizeDate : OutputKind.Pseudonymize, -1),
                _ => rule.Rule switch
                {
                    GeneralizeRule.Month => (OutputKind.Month, -1),
                    GeneralizeRule.Year => (OutputKind.Year, -1),
                    GeneralizeRule.AgeBand => (OutputKind.AgeBand, rule.At is null ? -1 : Index(rule.At, "age_band at")),
                    _ => (OutputKind.Zip3, -1),
                },
            };
            var hashed = kind is OutputKind.Pseudonymize or OutputKind.PseudonymizeDate;
            if (rule.Pattern is not null && kind != OutputKind.Copy)
            {
                throw Throw.PatternOnCodedColumn(policy.Source, rule.Input);
            }

            outputs.Add(new Output(kind, input, at, hashed ? Hasher(key, rule.Output) : null, hashed ? queues++ : -1)
            {
                Codes = kind == OutputKind.Code ? CodeSetOf(rule.Input) : null,
                Pattern = rule.Pattern,
                Bands = rule.Bands,
            });
            names.Add(rule.Output);
        }

        var qis = policy.QuasiIdentifiers.Select(q => names.IndexOf(q)).ToArray();
        return new PolicyPlan(inputPath, headerArray, [.. outputs], identity, [.. names], qis, queues);
    }

    /// <summary>
    /// Transforms every row of <paramref name="input"/> into <paramref name="output"/>'s cells. With
    /// <paramref name="pseudonyms"/> off, pseudonym cells stay empty (the risk pass needs only the
    /// quasi-identifiers). Values to pseudonymize are queued while rows are transformed and hashed
    /// together at the end, several at a time.
    /// </summary>
    public void Transform(CellBatch input, PseudonymizedBatch output, bool pseudonyms)
    {
        var cells = output.Cells;
        foreach (var queue in output.Queues)
        {
            queue.Clear();
        }

        for (var r = 0; r < input.Count; r++)
        {
            // One validation: every canonical column the input has is held to the rule every command
            // reads it by, whatever the policy does with it, so that release and import agree (issue #20).
            foreach (var (column, canonical) in _canonical)
            {
                ArrestFields.Check(canonical, input.Get(r, column), _inputPath, input.Lines[r]);
            }

            var o = cells.AddRow(input.Lines[r]);
            TransformRow(input, r, cells, o, pseudonyms ? output.Queues : null);
        }

        if (!pseudonyms)
        {
            return;
        }

        for (var o = 0; o < _outputs.Length; o++)
        {
            if (_outputs[o] is { Hasher: { } hasher, Queue: var q })
            {
                var queue = output.Queues[q];
                hasher.ComputeAll(queue);
                for (var i = 0; i < queue.Count; i++)
                {
                    cells.Set(queue.Row(i), o, queue.Pseudonym(i));
                }
            }
        }
    }

    private void TransformRow(CellBatch input, int row, CellBatch output, int outRow, PseudonymQueue[]? queues)
    {
        Span<char> buffer = stackalloc char[512];
        for (var o = 0; o < _outputs.Length; o++)
        {
            var spec = _outputs[o];
            var value = spec.Input >= 0 ? input.Get(row, spec.Input) : default;
            switch (spec.Kind)
            {
                case OutputKind.Copy:
                    output.Set(outRow, o, CheckKeptCode(input, row, spec, value));
                    break;
                case OutputKind.Code:
                    output.Set(outRow, o, CheckCode(input, row, spec, value));
                    break;
                case OutputKind.Date:
                    output.Set(outRow, o, FormatDate(input, row, spec.Input, value, 10, buffer));
                    break;
                case OutputKind.Age:
                    // A kept age in its canonical spelling (34, 25-44, 0-17 for <18, 65+).
                    output.Set(outRow, o, ArrestFields.AgeAtArrest(value, _inputPath, input.Lines[row], _header[spec.Input]).ToString());
                    break;
                case OutputKind.Month:
                    output.Set(outRow, o, FormatDate(input, row, spec.Input, value, 7, buffer));
                    break;
                case OutputKind.Year:
                    output.Set(outRow, o, FormatDate(input, row, spec.Input, value, 4, buffer));
                    break;
                case OutputKind.AgeBand:
                    output.Set(outRow, o, AgeBand(input, row, spec));
                    break;
                case OutputKind.Zip3:
                    output.Set(outRow, o, Zip3(input, row, spec.Input, value));
                    break;
                case OutputKind.Pseudonymize or OutputKind.PseudonymizeDate when queues is not null:
                    var text = spec.Kind == OutputKind.PseudonymizeDate
                        ? FormatDate(input, row, spec.Input, value, 10, buffer)
                        : value;
                    Queue(queues[spec.Queue], text, outRow);
                    break;
                case OutputKind.Person when queues is not null:
                    QueuePerson(queues[spec.Queue], input, row, outRow);
                    break;
            }
        }
    }

    private static void Queue(PseudonymQueue queue, ReadOnlySpan<char> value, int outRow)
    {
        Span<char> normalized = stackalloc char[value.Length <= 200 ? value.Length * 2 + 4 : 0];
        var n = Normalization.Normalize(value, normalized, out var large);
        var text = large is null ? normalized[..n] : large.AsSpan();
        if (!text.IsEmpty)
        {
            queue.Add(text, outRow); // an empty value stays empty: it is not hashed.
        }
    }

    // The person's representative key (docs/identity.md): the same for every record linked to them,
    // whatever the order of the records.
    private void QueuePerson(PseudonymQueue queue, CellBatch input, int row, int outRow)
    {
        var linker = Linker ?? throw Throw.Bug("person pseudonyms need the records linked first");
        var person = linker.PersonOf(_identity!, input, row);
        if (person >= 0)
        {
            queue.Add(linker.Representative(person).AsSpan(1), outRow); // no identity at all: an empty value stays empty.
        }
    }

    // A kept column without a code list (district, charge_code, country_of_birth) still holds codes:
    // letters and digits, then also / . - ( ), at most 24 characters, no spaces. Free text such as a
    // name and birth date typed into charge_code cannot pass through as a "code". The message does
    // not show the value, which may be exactly such text.
    private ReadOnlySpan<char> CheckKeptCode(CellBatch input, int row, Output spec, ReadOnlySpan<char> value)
    {
        var code = value.Trim(' ');
        if (code.IsEmpty)
        {
            return code;
        }

        if (spec.Pattern is { } pattern)
        {
            return pattern.IsMatch(code)
                ? code
                : throw Error(input, row, spec.Input, $"does not match the policy's pattern for this column ({code.Length} characters); a kept column holds codes only. Fix the value, or drop or pseudonymize the column if it holds free text");
        }

        var valid = code.Length <= 24 && char.IsAsciiLetterOrDigit(code[0]);
        foreach (var c in code)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '(' or ')';
        }

        return valid
            ? code
            : throw Error(input, row, spec.Input, $"is not a code ({code.Length} characters): a kept column holds codes only, letters and digits with / . - ( ), at most 24 characters and no spaces. Drop or pseudonymize the column if it holds free text, or state the column's code format as a \"pattern\" in the policy");
    }

    private ReadOnlySpan<char> CheckCode(CellBatch input, int row, Output spec, ReadOnlySpan<char> value) =>
        ArrestFields.Code(value, spec.Codes!.Codes, spec.Codes.What, _inputPath, input.Lines[row], _header[spec.Input]);

    // The date as ISO yyyy-MM-dd, or its first `length` chars: yyyy-MM (7) or yyyy (4); empty stays empty.
    private ReadOnlySpan<char> FormatDate(CellBatch input, int row, int column, ReadOnlySpan<char> value, int length, Span<char> buffer) =>
        ArrestFields.Date(value, _inputPath, input.Lines[row], _header[column]) is { } date
            ? ArrestDates.FormatIso(date, buffer)[..length]
            : default;

    // The band of the age at arrest: from the age column itself (At < 0), or from a birth date at a date.
    private ReadOnlySpan<char> AgeBand(CellBatch input, int row, Output spec) =>
        ArrestFields.BandAtArrest(spec.Bands, input.Get(row, spec.Input), spec.At < 0, spec.At < 0 ? default : input.Get(row, spec.At),
            _inputPath, input.Lines[row], _header[spec.Input], spec.At < 0 ? "" : _header[spec.At],
            "give the policy's age_band rule bands that hold it (\"bands\": [\"<18\", \"18-24\", \"25-44\", \"45-64\", \"65+\"]), or keep the column as it is");

    private ReadOnlySpan<char> Zip3(CellBatch input, int row, int column, ReadOnlySpan<char> value) =>
        ArrestFields.Zip3(value, _inputPath, input.Lines[row], _header[column]);

    private InputException Error(CellBatch input, int row, int column, string problem) =>
        Throw.BadCell(_inputPath, input.Lines[row], _header[column], problem);

    /// <summary>Frees the hashers' HMAC contexts, which hold the key's pad states.</summary>
    public void Dispose()
    {
        foreach (var output in _outputs)
        {
            output.Hasher?.Dispose();
        }

        Linker?.Dispose();
    }

    private static PseudonymHasher? Hasher(PseudonymKey? key, string domain) => key is null ? null : new PseudonymHasher(key, domain);

    private static CodeSet CodeSetOf(string column) => column switch
    {
        ArrestSchema.Sex => new(ArrestCodes.SexCodes, "sex"),
        ArrestSchema.Race => new(ArrestCodes.RaceCodes, "race (NCIC)"),
        ArrestSchema.Ethnicity => new(ArrestCodes.EthnicityCodes, "ethnicity"),
        ArrestSchema.OffenseLevel => new(ArrestCodes.LevelCodes, "offense level"),
        _ => new(ArrestCodes.FlagCodes, "flag"),
    };

    private static bool IsDateColumn(string column) => column is ArrestSchema.ArrestDate or ArrestSchema.Dob;

    private static OutputKind KeepKind(string column) => column switch
    {
        ArrestSchema.Sex or ArrestSchema.Race or ArrestSchema.Ethnicity or ArrestSchema.OffenseLevel
            or ArrestSchema.IdentMatch or ArrestSchema.DetainerIssued or ArrestSchema.Removed => OutputKind.Code,
        ArrestSchema.ArrestDate => OutputKind.Date,
        ArrestSchema.Age => OutputKind.Age,
        _ => OutputKind.Copy,
    };

    private enum OutputKind
    {
        Copy,
        Code,
        Date,
        Age,
        Month,
        Year,
        AgeBand,
        Zip3,
        Pseudonymize,
        PseudonymizeDate,
        Person,
    }

    // Queue: which of a batch's pseudonym queues this output uses (when it has a hasher).
    private sealed record Output(OutputKind Kind, int Input, int At, PseudonymHasher? Hasher, int Queue = -1)
    {
        /// <summary>For <see cref="OutputKind.Code"/>: the valid codes, resolved once at bind time.</summary>
        public CodeSet? Codes { get; init; }

        /// <summary>For <see cref="OutputKind.Copy"/>: the policy's pattern, or null for the schema's code format.</summary>
        public System.Text.RegularExpressions.Regex? Pattern { get; init; }

        /// <summary>For <see cref="OutputKind.AgeBand"/>: the bands.</summary>
        public AgeBands Bands { get; init; } = AgeBands.Default;
    }

    private sealed record CodeSet(string Codes, string What);
}
