using System.CommandLine;
using PrivacyShare.Ledger;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare ledger</c>: show and verify the budget ledger's hash chain.</summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var verify = new Command("verify", "Recompute the ledger's hash chain and say whether it is intact. Exit 0 intact, 4 broken.") { Options.Ledger() };
        verify.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var ledger = BudgetLedger.Open(parse.GetValue<string?>("--ledger"));
            var problems = ledger.VerifyChain();
            foreach (var p in problems)
            {
                stdout.WriteLine($"BROKEN: {ledger.Path}: {p}");
            }

            if (problems.Count == 0)
            {
                stdout.WriteLine($"intact: {ledger.Path}: {ledger.Entries().Count} entries, hash chain verified");
            }

            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        var show = new Command("show", "List the ledger's entries: budgets set and releases, with their hashes.") { Options.Ledger() };
        show.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var ledger = BudgetLedger.Open(parse.GetValue<string?>("--ledger"));
            stdout.WriteLine($"ledger {ledger.Path}");
            foreach (var e in ledger.Entries())
            {
                var what = e.Kind == "budget" ? $"budget set to epsilon {e.Epsilon}" : $"release #{e.Sequence} {e.Name} {e.Version}, epsilon {e.Epsilon}, datapackage.json sha256 {e.ManifestSha256}";
                stdout.WriteLine($"{e.Id} {e.CreatedAt} {e.Dataset}: {what}; hash {e.Hash}");
            }

            return ExitCodes.Ok;
        }));
        return new Command("ledger", "Inspect the privacy-budget ledger.") { show, verify };
    }
}
