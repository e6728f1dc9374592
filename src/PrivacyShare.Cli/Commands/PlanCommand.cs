using System.CommandLine;
using System.Text.Json;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare plan</c>: what a release will spend and how precise it will be, before any data is read.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var spec = new Option<string>("--spec") { Description = "The release spec (see docs/releases.md and examples/releases/boston.json)", Required = true, HelpName = "SPEC.json" };
        var epsilon = Options.Rational("--epsilon", "Plan with this total epsilon instead of the spec's (split by the tables' weights, or scaling every table's epsilon alike)");
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON" };
        var advise = new Option<bool>("--advise-bounds")
        {
            Description = "Recommend each table's max_records_per_person from the data in --in: measures with noise how many people have 1, 2, 3, ... records " +
                "per table (charging --epsilon-for-bounds to the dataset in the ledger first, like a release; no exact count is shown, even to you) and weighs " +
                "each bound by the expected width of the published intervals: noise, which grows with the bound, plus the records it leaves out",
        };
        var input = new Option<string?>("--in") { Description = "With --advise-bounds: the extract the release will read", HelpName = "EXTRACT.csv" };
        var boundsEpsilon = Options.Rational("--epsilon-for-bounds", $"With --advise-bounds: the epsilon the measurement spends (default {BoundAdviceOptions.DefaultEpsilon}), charged to the spec's dataset");
        var ledger = Options.Ledger();
        var ledgerKey = Options.LedgerKey();
        var command = new Command("plan",
            "Show what a release spec will spend and how precise its tables will be: each table's epsilon, sensitivity and noise scale, " +
            "and the 95% half-width of each published count and of each table's total. Reads no data, spends no budget, needs no ledger " +
            "(except --advise-bounds, which reads --in and charges a small epsilon to recommend the tables' contribution bounds).")
        {
            spec, epsilon, json, advise, input, boundsEpsilon, ledger, ledgerKey,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            var path = parse.GetValue(spec)!;
            var loaded = ReleaseSpec.Load(path, parse.GetResult(epsilon) is { Implicit: false } ? parse.GetValue(epsilon) : null);
            if (parse.GetValue(advise) || parse.GetValue(input) is not null || parse.GetResult(boundsEpsilon) is { Implicit: false })
            {
                if (!parse.GetValue(advise) || parse.GetValue(input) is not { } extract)
                {
                    stderr.WriteLine(parse.GetValue(advise)
                        ? "error: --advise-bounds needs --in EXTRACT.csv, the extract the release will read"
                        : "error: --in and --epsilon-for-bounds go with --advise-bounds");
                    return ExitCodes.Usage;
                }

                var advice = ProgressDisplay.Run(stderr, quiet: false, progress => BoundAdvisor.Advise(new BoundAdviceOptions
                {
                    Spec = loaded,
                    InputPath = extract,
                    Epsilon = parse.GetResult(boundsEpsilon) is { Implicit: false } ? parse.GetValue(boundsEpsilon) : BoundAdviceOptions.DefaultEpsilon,
                    LedgerPath = parse.GetValue(ledger),
                    LedgerKeyPath = parse.GetValue(ledgerKey),
                    Progress = progress,
                }));
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(stdout, writer => BoundAdviceText.WriteJson(writer, advice));
                }
                else
                {
                    BoundAdviceText.Write(stdout, advice, path);
                }

                return ExitCodes.Ok;
            }

            var plan = ReleasePlan.For(loaded);
            var calendar = CalendarPlan.For(loaded);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, writer =>
                {
                    writer.WriteStartObject();
                    PlanText.WriteJson(writer, plan);
                    if (calendar is not null)
                    {
                        PlanText.WriteJson(writer, calendar);
                    }

                    writer.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            stdout.WriteLine(calendar is null
                ? $"plan for {plan.Dataset} ({path}): epsilon {plan.Epsilon} in total; no data read, no budget spent"
                : $"plan for {plan.Dataset} ({path}): each regular release spends epsilon {plan.Epsilon} on its period; no data read, no budget spent");
            PlanText.Write(stdout, plan);
            stdout.WriteLine("  Each published count comes with a 95% interval: the estimate plus or minus the half-width above, widened on the upper side for left-out records.");
            if (calendar is not null)
            {
                stdout.WriteLine($"  (In a calendar the cells and totals above span all {calendar.Periods} periods as the regular releases alone measure them; the calendar's estimates below also use its summaries.)");
                PlanText.Write(stdout, calendar);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
