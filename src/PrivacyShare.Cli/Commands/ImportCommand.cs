using System.CommandLine;
using PrivacyShare.Import;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare import</c>: an agency's export into the canonical extract, by a mapping file.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var map = new Option<string>("--map") { Description = "The mapping file: a rule per canonical column and the export's columns to ignore (docs/import.md; ready ones in examples/mappings/)", Required = true, HelpName = "MAP.json" };
        var input = new Option<string>("--in") { Description = "The agency's export: CSV with a header row", Required = true, HelpName = "EXPORT.csv" };
        var output = new Option<string?>("--out") { Description = "The canonical extract to write (mode 0600: it holds identities); written only when the whole export is usable", HelpName = "EXTRACT.csv" };
        var check = new Option<bool>("--check") { Description = "Check the whole export and list every problem, grouped by kind with counts and the first line numbers; write nothing" };
        var force = Options.Force();
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command("import",
            "Turn an agency's records-system export into PrivacyShare's canonical extract (docs/schema.md), by a mapping file: source columns or constants, " +
            "recoding tables, a charge-code crosswalk, date formats, and values for blank cells. Every value is held to the rules every other command reads the " +
            "extract by, and every problem in the file is reported at once; the extract is written only when there is none.")
        {
            map, input, output, check, force, quiet,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            var checkOnly = parse.GetValue(check);
            var target = parse.GetValue(output);
            if (checkOnly == target is not null)
            {
                stderr.WriteLine(checkOnly ? "error: --check writes nothing; leave out --out" : "error: give --out EXTRACT.csv, or --check to only check the export");
                return ExitCodes.Usage;
            }

            Internals.IO.OutputPaths.Check([("--out", target)], [("--in", parse.GetValue(input)), ("--map", parse.GetValue(map))]);
            var mapping = ImportMapping.Load(parse.GetValue(map)!);
            var result = ProgressDisplay.Run(stderr, parse.GetValue(quiet), progress => Importer.Run(new ImportOptions
            {
                InputPath = parse.GetValue(input)!,
                Mapping = mapping,
                OutputPath = target,
                Overwrite = parse.GetValue(force),
                Progress = progress,
            }));
            Render(stderr, result, parse.GetValue(input)!, target);
            return result.Problems.IsEmpty && result.Unmapped.IsEmpty ? ExitCodes.Ok : ExitCodes.BadInput;
        }));
        return command;
    }

    /// <summary>One kind of problem, as import and synth --augment list them: column, rows, first lines, what is wrong.</summary>
    internal static string ProblemLine(ImportProblem p)
    {
        var from = p.SourceColumn is null ? p.Column : $"{p.Column} (from {p.SourceColumn})";
        var more = p.Rows > p.FirstLines.Length ? ", ..." : "";
        return $"  {from}: {p.Rows:N0} row{(p.Rows > 1 ? "s" : "")} (line{(p.FirstLines.Length > 1 ? "s" : "")} {string.Join(", ", p.FirstLines)}{more}): {p.Problem}";
    }

    private static void Render(TextWriter stderr, ImportResult result, string input, string? target)
    {
        static string From(string column, string? source) => source is null ? column : $"{column} (from {source})";
        if (!result.Problems.IsEmpty)
        {
            stderr.WriteLine($"error: {input}: {result.Problems.Length} kind{(result.Problems.Length > 1 ? "s" : "")} of problem in {result.Rows:N0} rows; {(target is null ? "checked only" : "nothing was written")}:");
            foreach (var p in result.Problems)
            {
                stderr.WriteLine(ProblemLine(p));
            }

            return;
        }

        if (!result.Unmapped.IsEmpty)
        {
            // An open-data layout: what it has is checked, and what it lacks is named.
            stderr.WriteLine($"error: {input}: the {result.Rows:N0} rows are usable in the columns the mapping gives, but it gives no rule for " +
                $"{string.Join(", ", result.Unmapped)}, so no extract can be written from it alone. Give each a source column or a constant, or fill them " +
                "with synthetic people for a test: privacyshare synth --augment (docs/import.md)");
            foreach (var c in result.Changes)
            {
                stderr.WriteLine($"  {From(c.Column, c.SourceColumn)}: {c.Count:N0} value{(c.Count > 1 ? "s" : "")} {(c.How == "recoded" ? "recoded by the mapping" : c.How == "blank" ? $"blank, set to {c.Value}" : $"'{c.SourceValue}' not in the table, set to {c.Value}")}");
            }

            return;
        }

        stderr.WriteLine(target is null
            ? $"{input}: all {result.Rows:N0} rows are usable; nothing was written (--check)"
            : $"imported {result.Rows:N0} rows from {input} into {target} (the canonical extract, mode 0600)");
        foreach (var c in result.Changes.Where(c => c.How != "otherwise"))
        {
            var what = c.How == "recoded" ? "recoded by the mapping" : $"blank, set to {c.Value} (\"blank\")";
            stderr.WriteLine($"  {From(c.Column, c.SourceColumn)}: {c.Count:N0} value{(c.Count > 1 ? "s" : "")} {what}");
        }

        // The codes a table lacks, most frequent first: what to add to a crosswalk.
        const int Listed = 12;
        foreach (var column in result.Changes.Where(c => c.How == "otherwise").GroupBy(c => (c.Column, c.SourceColumn, c.Value)))
        {
            var codes = column.ToList();
            var total = codes.Sum(c => c.Count);
            var shown = string.Join(", ", codes.Take(Listed).Select(c => $"'{c.SourceValue}' ({c.Count:N0})"));
            var rest = codes.Count > Listed ? $" and {codes.Count - Listed:N0} more codes ({codes.Skip(Listed).Sum(c => c.Count):N0} values)" : "";
            stderr.WriteLine($"  {From(column.Key.Column, column.Key.SourceColumn)}: {total:N0} value{(total > 1 ? "s" : "")} not in the table, set to {column.Key.Value} (\"otherwise\"): {shown}{rest}");
        }
    }
}
