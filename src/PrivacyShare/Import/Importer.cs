using System.Collections.Immutable;
using System.Text.RegularExpressions;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Internals.IO;
using PrivacyShare.Records;

namespace PrivacyShare.Import;

/// <summary>
/// Turns an agency's export into the canonical arrest extract by its <see cref="ImportMapping"/>. The
/// whole file is checked and every problem reported at once, grouped by kind with counts and the first
/// lines; the extract is written (atomically, mode 0600: it holds identities) only when there is none.
/// Each value is held to the canonical reader's own rules (<see cref="ArrestFields.Check"/>), so
/// every command that reads the extract accepts what the import wrote. Streams: memory does not grow
/// with the number of rows.
/// </summary>
public static partial class Importer
{
    /// <summary>How many line numbers a problem lists.</summary>
    public const int LinesShown = 5;

    /// <summary>Imports (or, without an output path, checks) the export.</summary>
    /// <exception cref="InputException">The export cannot be read, or its header does not fit the mapping.</exception>
    /// <exception cref="RefusedException">The output exists and <see cref="ImportOptions.Overwrite"/> is not set.</exception>
    public static ImportResult Run(ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OutputPath is { } target)
        {
            AtomicFile.CheckTarget(target, options.Overwrite);
        }

        var mapping = options.Mapping;
        if (options.OutputPath is not null && !mapping.Unmapped.IsEmpty)
        {
            throw Throw.BadMapping(mapping.Source, "columns", $"gives no rule for {string.Join(", ", mapping.Unmapped)}: give each a source column (\"from\") or a \"constant\" (\"\" for one the export does not have). An open-data export without names, dates of birth, FBI numbers or ICE fields is completed with synthetic people by the synth command's augment mode (docs/import.md); a check without an output checks the columns it has");
        }

        using var csv = CsvTableReader.Open(options.InputPath);
        var sources = CheckHeader(csv, mapping);
        using var file = options.OutputPath is { } path ? AtomicFile.Create(path, options.Overwrite, Keys.KeyFiles.SecretMode) : null;
        ImportResult result;
        using (var writer = file is null ? null : new ArrestCsvWriter(file.Stream, mapping.Age))
        {
            result = Convert(csv, mapping, sources, writer, options.Progress);
        }

        if (result.Problems.IsEmpty && file is not null)
        {
            file.Commit(); // after the writer has flushed; with any problem, nothing is left behind
            result = result with { Written = true };
        }

        return result;
    }

    /// <summary>
    /// Reads <paramref name="inputPath"/> by <paramref name="mapping"/>, which may leave columns without
    /// a rule, and hands each row whose mapped values all pass their canonical rules to
    /// <paramref name="row"/> (its cells in canonical order, unmapped ones empty, and its line) until the
    /// first problem; the result lists every problem, as a check does. For <c>synth --augment</c>.
    /// </summary>
    internal static ImportResult Read(string inputPath, ImportMapping mapping, Action<string[], long> row, IProgress<PipelineProgress>? progress)
    {
        using var csv = CsvTableReader.Open(inputPath);
        return Convert(csv, mapping, CheckHeader(csv, mapping), null, progress, row);
    }

    private static ImportResult Convert(CsvTableReader csv, ImportMapping mapping, int[] sources, ArrestCsvWriter? writer, IProgress<PipelineProgress>? progress, Action<string[], long>? mappedRow = null)
    {
        var rules = mapping.Rules;
        var cells = new string[rules.Length];
        var problems = new Dictionary<(string Column, string Kind), Problem>();
        var changes = new Dictionary<(string Column, ImportRule.Outcome How, string Value, string Source), long>();
        var failed = new bool[rules.Length]; // per column: the mapping itself found no value
        long rows = 0;
        while (csv.MoveNext())
        {
            if ((++rows & 0xFFFF) == 0)
            {
                progress?.Report(new PipelineProgress("importing", rows));
            }

            var bad = !mapping.Unmapped.IsEmpty; // such a row is checked column by column, below
            for (var i = 0; i < rules.Length; i++)
            {
                var rule = rules[i];
                if (rule.Unmapped)
                {
                    cells[i] = "";
                    failed[i] = false;
                    continue;
                }

                var (value, how) = rule.Apply(sources[i] < 0 ? default : csv[sources[i]]);
                cells[i] = value;
                failed[i] = how is ImportRule.Outcome.NotInTable or ImportRule.Outcome.NotADate or ImportRule.Outcome.NotInFormat;
                bad |= failed[i];
                switch (how)
                {
                    case ImportRule.Outcome.NotInTable:
                        Add(problems, rule, $"'{Throw.Show(value)}' is not in {rule.TableName}; add it there, or give \"otherwise\" the value for codes it lacks", csv.Line);
                        break;
                    case ImportRule.Outcome.NotInFormat:
                        Add(problems, rule, $"'{Throw.Show(value)}' does not match the code format {rule.PatternText} the mapping gives; fix the value, or the mapping's \"pattern\"", csv.Line);
                        break;
                    case ImportRule.Outcome.NotADate:
                        Add(problems, rule, $"'{Throw.Show(value)}' is not a date in the format{(rule.DateFormats!.Length > 1 ? "s" : "")} {string.Join(" or ", rule.DateFormats)}", csv.Line);
                        break;
                    case ImportRule.Outcome.Recoded or ImportRule.Outcome.Otherwise or ImportRule.Outcome.Blank:
                        // A code the table lacks is counted by code: the report of codes a crosswalk misses.
                        var source = how == ImportRule.Outcome.Otherwise ? Throw.Show(csv[sources[i]].Trim()) : "";
                        var key = (rule.Column, how, how == ImportRule.Outcome.Recoded ? "" : value, source);
                        changes[key] = changes.GetValueOrDefault(key) + 1;
                        break;
                    default:
                        break;
                }
            }

            // A good row is read once, by the reader's own construction; only a bad one is read again
            // field by field, so that every bad field of it is reported, not just the first.
            if (!bad)
            {
                try
                {
                    var record = ArrestFields.Record(new Cells(cells), csv.Path, csv.Line, mapping.Age);
                    if (problems.Count == 0)
                    {
                        writer?.Write(record);
                        mappedRow?.Invoke(cells, csv.Line);
                    }

                    continue;
                }
                catch (InputException)
                {
                    // reported below, with every other bad field of the row
                }
            }

            var clean = !failed.Any(f => f);
            for (var i = 0; i < rules.Length; i++)
            {
                try
                {
                    if (!failed[i] && !rules[i].Unmapped)
                    {
                        ArrestFields.Check(rules[i].Canonical, cells[i], csv.Path, csv.Line);
                    }
                }
                catch (InputException e)
                {
                    Add(problems, rules[i], e.Problem, csv.Line);
                    clean = false;
                }
            }

            if (clean && problems.Count == 0)
            {
                mappedRow?.Invoke(cells, csv.Line);
            }
        }

        if (problems.Count == 0)
        {
            writer?.Complete();
        }

        return new ImportResult
        {
            Rows = rows,
            Problems = [.. problems.Values.OrderBy(p => p.Lines[0]).Select(p => p.ToPublic())],
            Changes = [.. changes.OrderBy(c => Position(c.Key.Column)).ThenBy(c => c.Key.How).ThenByDescending(c => c.Value).ThenBy(c => c.Key.Value, StringComparer.Ordinal).ThenBy(c => c.Key.Source, StringComparer.Ordinal)
                .Select(c => new ImportRuleCount(c.Key.Column, rules[Position(c.Key.Column)].From, Describe(c.Key.How), c.Key.How == ImportRule.Outcome.Recoded ? null : c.Key.Value, c.Value,
                    c.Key.How == ImportRule.Outcome.Otherwise ? c.Key.Source : null))],
            Written = false,
            Unmapped = mapping.Unmapped,
        };
    }

    // The position of a canonical column among the rules (the date of birth's or the age's place).
    private static int Position(string column) => ArrestSchema.Layout(column == ArrestSchema.Age).IndexOf(column);

    private readonly struct Cells(string[] values) : IArrestCells
    {
        public ReadOnlySpan<char> Cell(int canonical) => values[canonical];
    }

    private static string Describe(ImportRule.Outcome how) => how switch
    {
        ImportRule.Outcome.Recoded => "recoded",
        ImportRule.Outcome.Otherwise => "otherwise",
        ImportRule.Outcome.Blank => "blank",
        _ => throw Throw.Bug($"no summary for {how}"),
    };

    // Per canonical column: the export's column index, or -1 for a constant. The header must hold every
    // column a rule reads, and every column of it must be read or ignored; all faults are named at once.
    private static int[] CheckHeader(CsvTableReader csv, ImportMapping mapping)
    {
        var faults = new List<string>();
        var absent = mapping.SourceColumns.Where(c => csv.IndexOf(c) < 0).ToArray();
        if (absent.Length > 0)
        {
            faults.Add($"the mapping reads column{(absent.Length > 1 ? "s" : "")} {string.Join(", ", absent)}, which the header lacks");
        }

        var unaccounted = csv.Header.Where(h => !mapping.SourceColumns.Contains(h, StringComparer.Ordinal) && !mapping.Ignored.Contains(h, StringComparer.Ordinal)).ToArray();
        if (unaccounted.Length > 0)
        {
            faults.Add($"column{(unaccounted.Length > 1 ? "s" : "")} {string.Join(", ", unaccounted)} {(unaccounted.Length > 1 ? "are" : "is")} neither read by a rule nor listed in \"ignore\" (every column of the export is one or the other, so nothing is left out unnoticed)");
        }

        var missingIgnored = mapping.Ignored.Where(c => csv.IndexOf(c) < 0).ToArray();
        if (missingIgnored.Length > 0)
        {
            faults.Add($"\"ignore\" lists {string.Join(", ", missingIgnored)}, which the header lacks (is this the export the mapping was written for?)");
        }

        if (faults.Count > 0)
        {
            throw Throw.ExportHeader(csv.Path, $"does not fit the mapping {mapping.Source}: {string.Join("; ", faults)}");
        }

        return [.. mapping.Rules.Select(r => r.From is null ? -1 : csv.IndexOf(r.From))];
    }

    private static void Add(Dictionary<(string, string), Problem> problems, ImportRule rule, string problem, long line)
    {
        var key = (rule.Column, Quoted().Replace(problem, "'*'"));
        if (!problems.TryGetValue(key, out var p))
        {
            problems[key] = p = new Problem(rule, problem);
        }

        p.Add(line, problem);
    }

    // A quoted value in a message: problems that differ only in it are one kind.
    [GeneratedRegex("'[^']*'", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Quoted();

    private sealed class Problem(ImportRule rule, string example)
    {
        private readonly List<string> _others = [];

        public List<long> Lines { get; } = [];

        public long Rows { get; private set; }

        public void Add(long line, string problem)
        {
            Rows++;
            if (Lines.Count < LinesShown)
            {
                Lines.Add(line);
            }

            if (problem != example && _others.Count < LinesShown - 1 && !_others.Contains(problem))
            {
                _others.Add(problem);
            }
        }

        public ImportProblem ToPublic() => new(rule.Column, rule.From, _others.Count == 0 ? example : $"{example}; also: {string.Join("; ", _others)}", Rows, [.. Lines]);
    }
}
