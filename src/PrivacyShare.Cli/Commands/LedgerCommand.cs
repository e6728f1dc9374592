using System.CommandLine;
using PrivacyShare.Ledger;
using PrivacyShare.Releases;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare ledger</c>: show and verify the budget ledger's hash chain.</summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var verifyJson = Options.Json();
        var verifyKey = Options.LedgerKey();
        var releases = new Option<string[]>("--release")
        {
            Description = "Also check published release folders against the ledger: each folder's datapackage.json must be a release the ledger " +
                "records as published, and each release the ledger records for their datasets must be among them or abandoned. " +
                "Give the folders, or one folder holding them",
            HelpName = "DIR",
            AllowMultipleArgumentsPerToken = true,
        };
        var verify = new Command("verify",
            "Check the ledger: its hash chain, each entry's and the head's MAC under the ledger key (so that no entry was changed, " +
            "removed or cut off without the key), and that every release charge is settled. Exit 0 intact, 4 broken.")
        {
            Options.Ledger(), verifyKey, releases, verifyJson,
        };
        verify.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            using var ledger = BudgetLedger.Open(parse.GetValue<string?>("--ledger"), parse.GetValue(verifyKey));
            var folders = parse.GetValue(releases) ?? [];
            var problems = folders.Length > 0 ? Releases.Verification.LedgerCrossCheck.Check(ledger, folders) : ledger.VerifyChain();
            var entries = ledger.Entries().Count;
            if (parse.GetValue(verifyJson))
            {
                JsonOutput.Write(stdout, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("ledger", ledger.Path);
                    json.WriteBoolean("intact", problems.Count == 0);
                    json.WriteNumber("entries", entries);
                    json.WriteNumber("releases_checked", folders.Length);
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
                stdout.WriteLine($"intact: {ledger.Path}: {entries} entries, hash chain and MACs verified under the ledger key" +
                    (folders.Length > 0 ? "; the release folders and the ledger agree" : ""));
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

                        if (e.Reservation is { } reservation)
                        {
                            json.WriteNumber("reservation", reservation);
                        }

                        if (e.Folder is not null)
                        {
                            json.WriteString("folder", e.Folder);
                        }

                        foreach (var (name, value) in new[] { ("periods", e.Periods), ("charged_to", e.ChargedTo), ("reason", e.Reason) })
                        {
                            if (value is not null)
                            {
                                json.WriteString(name, value);
                            }
                        }

                        if (e.LedgerSequence is { } ledgerSequence)
                        {
                            json.WriteNumber("ledger_sequence", ledgerSequence);
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
                Describe(e, entries),
                e.Epsilon, e.Hash[..16] + "...",
            })], rightAligned: [0, 4]);
            return ExitCodes.Ok;
        }));
        return new Command("ledger", "Inspect and verify the privacy-budget ledger.") { show, verify };
    }

    private static string Describe(LedgerEntry e, IReadOnlyList<LedgerEntry> entries) => e.Kind switch
    {
        "abandon" when entries.FirstOrDefault(r => r.Id == e.Reservation)?.Folder?.StartsWith(BoundAdvisor.LedgerFolder, StringComparison.Ordinal) == true =>
            $"bound advice (entry {e.Reservation}) settled: it publishes nothing; its epsilon stays spent",
        "budget" => e.Reason is { } reason ? $"budget set: {reason}" : "budget set",
        "reserve" when e.Folder?.StartsWith(BoundAdvisor.LedgerFolder, StringComparison.Ordinal) == true => $"bound advice charged on every period, reading {e.Periods}: {e.Folder}",
        "reserve" => $"release #{e.Sequence} (ledger-wide #{e.LedgerSequence}) charged on {(e.ChargedTo == "every" ? "every period" : e.Periods)}, reading {e.Periods}, into {e.Folder}",
        "publish" => $"release #{e.Sequence} (entry {e.Reservation}) published: {e.Name} {e.Version} (datapackage.json sha256 {e.ManifestSha256?[..16]}...)",
        "abandon" => $"release #{e.Sequence} (entry {e.Reservation}) abandoned: never appeared; its epsilon stays spent",
        _ => $"release #{e.Sequence} {e.Name} {e.Version} (datapackage.json sha256 {e.ManifestSha256?[..16]}...)",
    };
}
