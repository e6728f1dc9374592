using System.CommandLine;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare synth</c>: a synthetic, reproducible arrest extract for testing.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var rows = Options.PositiveLong("--rows", "Number of arrest rows to generate (with --as-of: in the whole history, of which the snapshot holds those made by then)", max: Synthesizer.MaxRows);
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
            "Generate a realistic synthetic arrest extract (nobody in it exists), deterministically from a seed.")
        {
            rows, seed, profile, from, to, asOf, truth, output, force, quiet,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
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
