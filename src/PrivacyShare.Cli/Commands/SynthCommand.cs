using System.CommandLine;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare synth</c>: a synthetic, reproducible arrest extract for testing.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var rows = Options.PositiveLong("--rows", "Number of arrest rows to generate (with --as-of: in the whole history, of which the snapshot holds those made by then); required unless --augment", max: Synthesizer.MaxRows);
        rows.Required = false; // --augment takes its rows from the export
        var augment = new Option<string?>("--augment")
        {
            Description = "Instead of generating rows, complete a real export (an open-data file without names, dates of birth, FBI numbers or ICE fields) " +
                "into a canonical extract: the columns --map gives keep the export's values row for row, and the canonical columns it gives no rule for get synthetic " +
                "people consistent with each row's sex, race and age or age group (repeat arrestees included, typed as clerks type) and IDENT matches, detainers " +
                "and removals at the profile's rates (docs/import.md)",
            HelpName = "EXPORT.csv",
        };
        var map = new Option<string?>("--map") { Description = "With --augment: the export's mapping file (docs/import.md; examples/mappings/nypd-arrests.json, lapd-arrests.json)", HelpName = "MAP.json" };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for the generator: the same seed, profile and version give a byte-identical file",
            Required = true,
            HelpName = "S",
        };
        var profile = new Option<string>("--profile")
        {
            Description = $"A built-in profile ({string.Join(", ", SyntheticProfile.BuiltInNames)}) or a profile JSON file (see examples/profiles/)",
            DefaultValueFactory = _ => SyntheticProfile.DefaultName,
            HelpName = "NAME|FILE.json",
        };
        var from = Options.Month("--from", "First month of arrests (default: the profile's period)");
        var to = Options.Month("--to", "Last month of arrests (default: the profile's period)");
        var asOf = Options.Month("--as-of",
            "Write the extract as known at the end of this month: the arrests made by then, with only the detainers and removals recorded by then " +
            "(the profile's outcome_lags). Snapshots of one seed, --rows and period are consistent: each is the one before plus what happened since, as monthly exports of one records system are");
        var truth = new Option<string?>("--truth")
        {
            Description = "Also write the exact counts per (month, offense level) of arrests, matches, detainers and removals, for scoring published noisy tables",
            HelpName = "TRUTH.json",
        };
        var output = new Option<string>("--out")
        {
            Description = "The CSV file to write (canonical arrest extract; see docs/schema.md)",
            Required = true,
            HelpName = "FILE.csv",
        };
        var force = Options.Force();

        var quiet = ProgressDisplay.QuietOption();
        var command = new Command("synth",
            "Generate a realistic synthetic arrest extract (nobody in it exists), deterministically from a seed; or, with --augment, complete a real export's rows with synthetic people.")
        {
            rows, augment, map, seed, profile, from, to, asOf, truth, output, force, quiet,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            if (parse.GetValue(augment) is { } export)
            {
                var conflicting = new (Option Option, bool Given)[]
                {
                    (rows, parse.GetResult(rows) is not null), (from, parse.GetValue(from) is not null), (to, parse.GetValue(to) is not null),
                    (asOf, parse.GetValue(asOf) is not null), (truth, parse.GetValue(truth) is not null),
                }.Where(o => o.Given).Select(o => o.Option.Name).ToList();
                if (conflicting.Count > 0 || parse.GetValue(map) is null)
                {
                    stderr.WriteLine(conflicting.Count > 0
                        ? $"error: --augment keeps the export's rows and dates; leave out {string.Join(", ", conflicting)}"
                        : "error: --augment needs --map MAP.json, the export's mapping (docs/import.md)");
                    return ExitCodes.Usage;
                }

                Internals.IO.OutputPaths.Check([("--out", parse.GetValue(output))], [("--augment", export), ("--map", parse.GetValue(map))]);
                var mapping = PrivacyShare.Import.ImportMapping.Load(parse.GetValue(map)!);
                var augmented = ProgressDisplay.Run(stderr, parse.GetValue(quiet), progress => Augmenter.Run(new AugmentOptions
                {
                    InputPath = export,
                    Mapping = mapping,
                    Seed = parse.GetValue(seed),
                    Profile = SyntheticProfile.Resolve(parse.GetValue(profile)!),
                    OutputPath = parse.GetValue(output)!,
                    Overwrite = parse.GetValue(force),
                    Progress = progress,
                }));
                return RenderAugmented(stdout, stderr, augmented, export);
            }

            if (parse.GetValue(map) is not null || parse.GetResult(rows) is null)
            {
                stderr.WriteLine(parse.GetValue(map) is not null ? "error: --map goes with --augment EXPORT.csv" : "error: give --rows N, or --augment EXPORT.csv --map MAP.json");
                return ExitCodes.Usage;
            }

            Internals.IO.OutputPaths.Check([("--out", parse.GetValue(output)), ("--truth", parse.GetValue(truth))], []);
            var chosen = SyntheticProfile.Resolve(parse.GetValue(profile)!);
            var result = ProgressDisplay.Run(stderr, parse.GetValue(quiet), progress => Synthesizer.Run(new SynthOptions
            {
                Rows = parse.GetValue(rows),
                Seed = parse.GetValue(seed),
                Profile = chosen,
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                AsOf = parse.GetValue(asOf),
                TruthPath = parse.GetValue(truth),
                OutputPath = parse.GetValue(output)!,
                Overwrite = parse.GetValue(force),
                Progress = progress,
            }));
            Render(stdout, result);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int RenderAugmented(TextWriter stdout, TextWriter stderr, AugmentResult r, string export)
    {
        if (!r.Written)
        {
            stderr.WriteLine($"error: {export}: {r.Problems.Length} kind{(r.Problems.Length > 1 ? "s" : "")} of problem in {r.Rows:N0} rows; nothing was written (privacyshare import --check lists the same):");
            foreach (var p in r.Problems)
            {
                stderr.WriteLine(ImportCommand.ProblemLine(p));
            }

            return ExitCodes.BadInput;
        }

        stdout.WriteLine($"wrote {r.OutputPath}: the {r.Rows:N0} rows of {export}, completed with synthetic {string.Join(", ", r.Filled)}");
        if (r.People > 0)
        {
            stdout.WriteLine($"  {r.People:N0} synthetic people, {r.PeopleWithRepeats:N0} of them arrested more than once");
        }

        stdout.WriteLine($"  IDENT matches {r.IdentMatches:N0} ({Text.Percent(r.IdentMatches, r.Rows)}), detainers {r.Detainers:N0} ({Text.Percent(r.Detainers, r.IdentMatches)} of matches), removals {r.Removals:N0} ({Text.Percent(r.Removals, r.Detainers)} of detainers)");
        stdout.WriteLine("  for tests and demonstrations only: the people and ICE fields are invented");
        return ExitCodes.Ok;
    }

    public static void Render(TextWriter stdout, SynthResult r)
    {
        stdout.WriteLine(r.AsOf is { } asOf
            ? $"wrote {r.OutputPath}: {r.Rows:N0} synthetic arrests as known at the end of {asOf}, from a history of {r.From} to {r.To}, profile {r.Profile}"
            : $"wrote {r.OutputPath}: {r.Rows:N0} synthetic arrests, profile {r.Profile}, {r.From} to {r.To}");
        stdout.WriteLine($"  {r.People:N0} people{(r.AsOf is null ? "" : " in the whole history")}, {r.PeopleWithRepeats:N0} of them arrested more than once");
        stdout.WriteLine($"  IDENT matches {r.IdentMatches:N0} ({Text.Percent(r.IdentMatches, r.Rows)}), detainers {r.Detainers:N0} ({Text.Percent(r.Detainers, r.IdentMatches)} of matches), removals {r.Removals:N0} ({Text.Percent(r.Removals, r.Detainers)} of detainers)");
        if (r.TruthPath is not null)
        {
            stdout.WriteLine($"wrote {r.TruthPath}: exact counts per month and offense level, for scoring noisy releases");
        }
    }
}
