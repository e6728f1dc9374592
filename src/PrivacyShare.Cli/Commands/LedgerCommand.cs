using System.CommandLine;
using PrivacyShare.Ledger;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare ledger</c>: show and verify the budget ledger's hash chain.</summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var verifyJson = Options.Json();
        var verify = new Command("verify", "Recompute the ledger's hash chain and say whether it is intact. Exit 0 intact, 4 broken.") { Options.Ledger(), verifyJson };
        verify.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var ledger = BudgetLedger.Open(parse.GetValue<string?>("--ledger"));
            var problems = ledger.VerifyChain();
            if (parse.GetValue(verifyJson))
            {
                JsonOutput.Write(stdout, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("ledger", ledger.Path);
                    json.WriteBoolean("intact", problems.Count == 0);
                    json.WriteNumber("entries", ledger.Entries().Count);
                    json.WriteStartArray("problems");
                    problems.ToList().ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
            }

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
        var showJson = Options.Json();
        var show = new Command("show", "List the ledger's entries: budgets set and releases, with their hashes.") { Options.Ledger(), showJson };
        show.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var ledger = BudgetLedger.Open(parse.GetValue<string?>("--ledger"));
            var entries = ledger.Entries();
            if (parse.GetValue(showJson))
            {
                JsonOutput.Write(stdout, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("ledger", ledger.Path);
                    json.WriteStartArray("entries");
                    foreach (var e in entries)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("id", e.Id);
                        json.WriteString("kind", e.Kind);
                        json.WriteString("created", e.CreatedAt);
                        json.WriteString("dataset", e.Dataset);
                        json.WriteString("epsilon", e.Epsilon);
                        if (e.Sequence is { } sequence)
                        {
                            json.WriteNumber("sequence", sequence);
                        }

                        if (e.Name is not null)
                        {
                            json.WriteString("name", e.Name);
                            json.WriteString("version", e.Version);
                            json.WriteString("manifest_sha256", e.ManifestSha256);
                        }

                        json.WriteString("previous_hash", e.PreviousHash);
                        json.WriteString("hash", e.Hash);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"ledger {ledger.Path}: {entries.Count} entries");
            TextTable.Write(stdout, ["id", "created", "dataset", "entry", "epsilon", "hash"], [.. entries.Select(e => new[]
            {
                e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.CreatedAt, e.Dataset,
                e.Kind == "budget" ? "budget set" : $"release #{e.Sequence} {e.Name} {e.Version} (datapackage.json sha256 {e.ManifestSha256![..16]}...)",
                e.Epsilon, e.Hash[..16] + "...",
            })], rightAligned: [0, 4]);
            return ExitCodes.Ok;
        }));
        return new Command("ledger", "Inspect the privacy-budget ledger.") { show, verify };
    }
}
