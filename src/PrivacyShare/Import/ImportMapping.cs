using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;
using PrivacyShare.Records;

namespace PrivacyShare.Import;

/// <summary>
/// How an agency's export becomes the canonical arrest extract: a rule per canonical column (a source
/// column or a constant, with recoding, a crosswalk, blank values and date formats) and the source
/// columns deliberately left out. Every source column must be used or ignored, and an import that writes
/// needs a rule for every canonical column (<see cref="Unmapped"/> lists those without), so nothing is
/// dropped or invented silently. The file format is docs/import.md.
/// </summary>
public sealed class ImportMapping
{
    private ImportMapping(string source, string? description, ImmutableArray<ImportRule> rules, ImmutableArray<string> ignored)
    {
        Source = source;
        Description = description;
        Rules = rules;
        Ignored = ignored;
        SourceColumns = [.. rules.Where(r => r.From is not null).Select(r => r.From!).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Where the mapping was read from, as named in messages.</summary>
    public string Source { get; }

    /// <summary>The mapping's description, if it has one.</summary>
    public string? Description { get; }

    /// <summary>The source columns the mapping reads, in the order of first use.</summary>
    public ImmutableArray<string> SourceColumns { get; }

    /// <summary>The source columns the mapping leaves out on purpose.</summary>
    public ImmutableArray<string> Ignored { get; }

    internal ImmutableArray<ImportRule> Rules { get; } // canonical order

    /// <summary>
    /// The canonical columns the mapping gives no rule for, in canonical order: columns the export does
    /// not have (an open-data export has no names, dates of birth, FBI numbers or ICE fields). An
    /// import that writes needs none; <c>synth --augment</c> fills them with synthetic values.
    /// </summary>
    public ImmutableArray<string> Unmapped { get; private init; } = [];

    /// <summary>Whether the extract gives the age at arrest instead of the date of birth.</summary>
    internal bool Age { get; private init; }

    /// <summary>Reads the mapping file <paramref name="path"/>; a crosswalk is found relative to it.</summary>
    /// <exception cref="InputException">The file is missing or not a valid mapping.</exception>
    public static ImportMapping Load(string path)
    {
        var json = JsonFiles.Read(path, ImportJsonContext.Default.ImportMappingJson, "mapping file", "see docs/import.md and examples/mappings/");
        return Compile(json, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Reads a mapping from <paramref name="stream"/>, named <paramref name="source"/> in messages; a
    /// crosswalk is found relative to <paramref name="baseDirectory"/>.
    /// </summary>
    /// <exception cref="InputException">The mapping is not valid.</exception>
    public static ImportMapping Parse(Stream stream, string source, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Compile(JsonFiles.Read(stream, ImportJsonContext.Default.ImportMappingJson, source, "mapping"), source, baseDirectory);
    }

    private static ImportMapping Compile(ImportMappingJson json, string source, string baseDirectory)
    {
        var columns = json.Columns ?? throw Throw.BadMapping(source, "columns", "is missing: give a rule for each column of the canonical extract (docs/import.md)");
        var unknown = columns.Keys.Where(k => !ArrestSchema.Checked.Contains(k, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw Throw.BadMapping(source, $"columns.{unknown[0]}", $"is not a column of the canonical extract; the columns are {string.Join(", ", ArrestSchema.Columns)} ({ArrestSchema.Age}, the age at arrest, may stand in for {ArrestSchema.Dob})");
        }

        // The birth column: the date of birth, or (when the export has none) the age at arrest, exact
        // or an age group; never both, so that no record carries two birth facts that could disagree.
        var age = columns.ContainsKey(ArrestSchema.Age);
        if (age && columns.ContainsKey(ArrestSchema.Dob))
        {
            throw Throw.BadMapping(source, $"columns.{ArrestSchema.Age}", $"is given beside {ArrestSchema.Dob}: map the date of birth when the export has it, else the age at arrest (an age or an age group), not both");
        }

        // A column without a rule is allowed here: `import --check` checks the others, and `synth
        // --augment` fills it with synthetic values; only an import that writes needs them all.
        var layout = ArrestSchema.Layout(age);
        var rules = layout.Select((c, i) => columns.TryGetValue(c, out var part)
            ? Rule(c, ArrestSchema.Checked.IndexOf(c), part, source, baseDirectory)
            : new ImportRule { Column = c, Canonical = ArrestSchema.Checked.IndexOf(c), Unmapped = true }).ToImmutableArray();
        var ignored = json.Ignore ?? [];
        var twice = ignored.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw Throw.BadMapping(source, "ignore", $"names '{twice.Key}' twice");
        }

        var used = ignored.FirstOrDefault(c => rules.Any(r => r.From == c));
        if (used is not null)
        {
            throw Throw.BadMapping(source, "ignore", $"names '{used}', which a rule reads: a source column is either used or ignored");
        }

        return new ImportMapping(source, json.Description, rules, [.. ignored]) { Age = age, Unmapped = [.. rules.Where(r => r.Unmapped).Select(r => r.Column)] };
    }

    private static ImportRule Rule(string column, int canonical, ImportMappingJson.RulePart part, string source, string baseDirectory)
    {
        var at = $"columns.{column}";
        if ((part.From is null) == (part.Constant is null))
        {
            throw Throw.BadMapping(source, at, "needs exactly one of \"from\" (a source column) and \"constant\" (a value for every row)");
        }

        if (part.Constant is not null && (part.Recode ?? part.Crosswalk ?? part.Otherwise ?? part.Blank ?? (object?)part.DateFormats) is not null)
        {
            throw Throw.BadMapping(source, at, "has a \"constant\": recode, crosswalk, otherwise, blank and date_formats apply only to a source column");
        }

        if (part.From is { Length: 0 })
        {
            throw Throw.BadMapping(source, $"{at}.from", "is empty: name the export's column");
        }

        if (part.Recode is not null && part.Crosswalk is not null)
        {
            throw Throw.BadMapping(source, at, "has both \"recode\" and \"crosswalk\": put the codes in one of them");
        }

        var isDate = column is ArrestSchema.ArrestDate or ArrestSchema.Dob;
        if (part.DateFormats is not null && (!isDate || part.Recode is not null || part.Crosswalk is not null))
        {
            throw Throw.BadMapping(source, $"{at}.date_formats", isDate ? "cannot go with a recode table or crosswalk" : $"applies only to {ArrestSchema.ArrestDate} and {ArrestSchema.Dob}");
        }

        if (part.DateFormats is { Count: 0 })
        {
            throw Throw.BadMapping(source, $"{at}.date_formats", "is empty: give at least one format, such as \"MM/dd/yyyy\"");
        }

        foreach (var (format, i) in (part.DateFormats ?? []).Select((f, i) => (f, i)))
        {
            if (!ValidDateFormat(format))
            {
                throw Throw.BadMapping(source, $"{at}.date_formats[{i}]", $"'{Throw.Show(format)}' is not a .NET custom date format that reads a whole date; use letters such as yyyy, MM, dd, M, d, HH, hh, mm, ss and tt (\"MM/dd/yyyy hh:mm:ss tt\")");
            }
        }

        System.Text.RegularExpressions.Regex? pattern = null;
        if (part.Pattern is { } codeFormat)
        {
            if (part.From is null || part.Recode is not null || part.Crosswalk is not null || isDate || IsCoded(column))
            {
                throw Throw.BadMapping(source, $"{at}.pattern", $"is the code format of a source column kept as it is: it goes with \"from\" alone, on a column of free codes ({string.Join(", ", FreeCodes)}), not on {column}{(part.Recode is not null || part.Crosswalk is not null ? " with a recode table or crosswalk" : "")}");
            }

            pattern = CodeFormat.Compile(codeFormat, out var problem) ?? throw Throw.BadMapping(source, $"{at}.pattern", problem!);
        }

        if (part.Otherwise is not null && part.Recode is null && part.Crosswalk is null)
        {
            throw Throw.BadMapping(source, $"{at}.otherwise", "needs a \"recode\" table or a \"crosswalk\": it is the value for codes they lack");
        }

        // Every value the mapping itself supplies must be valid in the canonical extract.
        void Valid(string value, string field)
        {
            try
            {
                ArrestFields.Check(canonical, value, source, 0);
            }
            catch (InputException e)
            {
                throw Throw.BadMapping(source, field, $"{e.Problem} (a value for {column})");
            }
        }

        if (part.Constant is { } constant)
        {
            Valid(constant, $"{at}.constant");
        }

        if (part.Blank is { } blank)
        {
            Valid(blank, $"{at}.blank");
        }

        if (part.Otherwise is { } otherwise)
        {
            Valid(otherwise, $"{at}.otherwise");
        }

        Dictionary<string, string>? table = null;
        var tableName = "the recode table";
        if (part.Recode is { } recode)
        {
            table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in recode)
            {
                Valid(value, $"{at}.recode.{key}");
                if (!table.TryAdd(key.Trim(), value))
                {
                    throw Throw.BadMapping(source, $"{at}.recode.{key}", "repeats a source value (keys are matched trimmed, in any case)");
                }
            }
        }

        if (part.Crosswalk is { } crosswalk)
        {
            tableName = $"the crosswalk {crosswalk}";
            table = Crosswalk(Path.Combine(baseDirectory, crosswalk), canonical);
        }

        return new ImportRule
        {
            Column = column,
            Canonical = canonical,
            From = part.From,
            Constant = part.Constant,
            Table = table?.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            TableName = tableName,
            Otherwise = part.Otherwise,
            Blank = part.Blank,
            DateFormats = part.DateFormats?.ToArray(),
            Pattern = pattern,
            PatternText = part.Pattern,
        };
    }

    // The columns whose values are codes with no list of their own: a mapping may give their format.
    private static readonly string[] FreeCodes = [ArrestSchema.BookingId, ArrestSchema.CountryOfBirth, ArrestSchema.FbiNumber, ArrestSchema.District, ArrestSchema.ChargeCode];

    private static bool IsCoded(string column) => !FreeCodes.Contains(column, StringComparer.Ordinal);

    // A format reads a whole date when a date written with it reads back as the same date.
    private static bool ValidDateFormat(string format)
    {
        var probe = new DateTime(2009, 11, 23, 0, 0, 0, DateTimeKind.Unspecified);
        try
        {
            var text = probe.ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) && back.Date == probe;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // A crosswalk: a CSV with columns code and value (others ignored, for the analyst's notes).
    private static Dictionary<string, string> Crosswalk(string path, int canonical)
    {
        using var csv = Internals.Csv.CsvTableReader.Open(path);
        var (code, value) = (csv.IndexOf("code"), csv.IndexOf("value"));
        if (code < 0 || value < 0)
        {
            throw Throw.ExportHeader(path, "a crosswalk needs the columns code and value (one row per source code)");
        }

        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (csv.MoveNext())
        {
            var key = csv[code].Trim().ToString();
            var target = csv[value].Trim().ToString();
            ArrestFields.Check(canonical, target, path, csv.Line);
            if (key.Length == 0)
            {
                throw csv.Error(code, "is empty: every row maps one source code");
            }

            if (table.TryGetValue(key, out var before) && before != target)
            {
                throw csv.Error(code, $"'{Throw.Show(key)}' is mapped twice, to {before} and to {target}");
            }

            table[key] = target;
        }

        return table;
    }
}
