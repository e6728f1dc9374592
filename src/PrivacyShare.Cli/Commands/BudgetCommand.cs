using System.CommandLine;
using System.Text.Json;
using PrivacyShare.Ledger;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare budget</c>: set and show privacy budgets in the ledger.</summary>
internal static class BudgetCommand
{
    public static Command Create() => new("budget", "Set and show the privacy budgets in the ledger.") { Set(), Show() };

    private static Command Set()
    {
        var dataset = new Option<string>("--dataset") { Description = "The dataset (the release spec's dataset)", Required = true, HelpName = "D" };
        var epsilon = Options.Rational("--epsilon", "The dataset's total person-level privacy budget (epsilon), exact: a decimal such as 2 or 0.5, or a fraction such as 1/3; it cannot go below what is spent. " +
            "Every period (month) of the dataset carries it: a one-shot release charges every period, a calendar release the months it reads (docs/calendar.md)");
        epsilon.Required = true;
        var reason = new Option<string?>("--reason") { Description = "Why the budget is set or changed, in words; required to raise a budget. Every later release states the change with this reason", HelpName = "TEXT" };
        var ledger = Options.Ledger();
        var ledgerKey = Options.LedgerKey();
        var command = new Command("set",
            "Set a dataset's total privacy budget. Every change is recorded in the ledger, authenticated with the ledger key " +
            "(created with the ledger's first entry); a ledger that does not verify is refused. The first budget set creates the ledger " +
            "(in a folder that must exist); nothing else creates one. Dataset names are as in a spec (a-z 0-9 . _ -); epsilon is above 0 and at most 100. " +
            "Raising a budget needs --reason: the next release states the change, its reason and its time, and verify-chain reports it.") { dataset, epsilon, reason, ledger, ledgerKey };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var l = BudgetLedger.Open(parse.GetValue(ledger), parse.GetValue(ledgerKey), create: true);
            var name = parse.GetValue(dataset)!;
            var others = l.Statuses().Where(s => s.Dataset != name && s.ReleaseCount + s.Open.Length > 0).ToList();
            var isNew = l.Status(name).Total is null;
            var entry = l.AppendBudget(name, parse.GetValue(epsilon), parse.GetValue(reason));
            var status = l.Status(entry.Dataset);
            stdout.WriteLine($"budget of {entry.Dataset}: person-level epsilon {status.Total} (spent {status.Spent}, remaining {status.Remaining}); ledger {l.Path}, entry {entry.Id}");
            if (isNew && others.Count > 0)
            {
                // A new name is a new budget: if it covers the same records as another dataset, the two spend twice.
                stdout.WriteLine($"note: {entry.Dataset} is a new dataset with its own budget; this ledger has released other datasets ({string.Join(", ", others.Select(o => o.Dataset))}). " +
                    "If it covers the same people's records as one of them, releases of both add up for those people: use that dataset's name instead. Every release states its ledger-wide number, so readers see it too.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show()
    {
        var dataset = new Option<string?>("--dataset") { Description = "Only this dataset", HelpName = "D" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var ledger = Options.Ledger();
        var command = new Command("show", "Show total, spent and remaining budget, and the releases, of each dataset.") { dataset, json, ledger };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var l = BudgetLedger.Open(parse.GetValue(ledger));
            var statuses = parse.GetValue(dataset) is { } d ? [l.Status(d)] : l.Statuses();
            if (parse.GetValue(json))
            {
                WriteJson(stdout, l.Path, statuses);
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"ledger {l.Path}");
            if (statuses.Count == 0)
            {
                stdout.WriteLine("no datasets yet; set a budget with: privacyshare budget set --dataset D --epsilon E");
            }

            foreach (var s in statuses)
            {
                stdout.WriteLine($"{s.Dataset}: person-level budget {s.Total?.ToString() ?? "(none)"}, spent {s.Spent}, remaining {s.Remaining?.ToString() ?? "-"}");
                stdout.WriteLine($"  charged to every period: {s.Charges.Everywhere}{(s.Charges.ByMonth.IsEmpty ? " (no month charged on its own)" : "")}");
                foreach (var (months, e) in s.Charges.Runs())
                {
                    stdout.WriteLine($"  charged to {months.Describe()}: {e} more, {s.Charges.Everywhere + e} in all");
                }

                foreach (var b in s.Budgets)
                {
                    stdout.WriteLine($"  budget set to {b.Epsilon} at {b.CreatedAt}{(b.Reason is { } why ? $": {why}" : "")}");
                }
                if (s.Releases.Length > 0)
                {
                    TextTable.Write(stdout, ["#", "release", "version", "epsilon", "created", "datapackage.json sha256"],
                        [.. s.Releases.Select(r => new[] { $"{r.Sequence}", r.Name ?? "", r.Version ?? "", r.Epsilon ?? "", r.CreatedAt ?? "", r.ManifestSha256 ?? "" })], rightAligned: [0, 3]);
                }

                foreach (var open in s.Open)
                {
                    stdout.WriteLine($"  release #{open.Sequence} into {open.Folder}: charged epsilon {open.Epsilon}, not yet published (in progress, or crashed; the next release settles it)");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteJson(TextWriter stdout, string path, IReadOnlyList<BudgetStatus> statuses)
    {
        JsonOutput.Write(stdout, json =>
        {
            json.WriteStartObject();
            json.WriteString("ledger", path);
            json.WriteStartArray("datasets");
            foreach (var s in statuses)
            {
                json.WriteStartObject();
                json.WriteString("dataset", s.Dataset);
                Number(json, "total", s.Total?.ToString());
                Number(json, "spent", s.Spent.ToString());
                Number(json, "remaining", s.Remaining?.ToString());
                Number(json, "charged_every_period", s.Charges.Everywhere.ToString());
                json.WriteStartArray("charged_months");
                foreach (var (months, e) in s.Charges.Runs())
                {
                    json.WriteStartObject();
                    json.WriteString("from", months.From.ToString());
                    json.WriteString("to", months.To.ToString());
                    Number(json, "epsilon", (s.Charges.Everywhere + e).ToString());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("budget_history");
                foreach (var b in s.Budgets)
                {
                    json.WriteStartObject();
                    Number(json, "epsilon", b.Epsilon);
                    json.WriteString("at", b.CreatedAt);
                    json.WriteString("reason", b.Reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("releases");
                foreach (var r in s.Releases)
                {
                    json.WriteStartObject();
                    json.WriteNumber("sequence", r.Sequence ?? 0);
                    json.WriteString("name", r.Name);
                    json.WriteString("version", r.Version);
                    Number(json, "epsilon", r.Epsilon);
                    json.WriteString("created", r.CreatedAt);
                    json.WriteString("manifest_sha256", r.ManifestSha256);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("open");
                foreach (var o in s.Open)
                {
                    json.WriteStartObject();
                    json.WriteNumber("sequence", o.Sequence ?? 0);
                    Number(json, "epsilon", o.Epsilon);
                    json.WriteString("created", o.CreatedAt);
                    json.WriteString("folder", o.Folder);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void Number(Utf8JsonWriter json, string name, string? exactDecimal)
    {
        json.WritePropertyName(name);
        if (exactDecimal is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(exactDecimal);
        }
    }
}
