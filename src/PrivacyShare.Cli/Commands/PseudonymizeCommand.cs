using System.CommandLine;
using PrivacyShare.Pseudonymization;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare pseudonymize</c>: a record-level extract in which nobody is named.</summary>
internal static class PseudonymizeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "The arrest extract to pseudonymize (CSV; see docs/schema.md)", Required = true, HelpName = "IN.csv" };
        var key = new Option<string>("--key") { Description = "The pseudonym key file (from 'keygen pseudonym'); must not be readable by group or others", Required = true, HelpName = "KEY" };
        var output = new Option<string>("--out") { Description = "The pseudonymized CSV to write", Required = true, HelpName = "OUT.csv" };
        var policy = new Option<string?>("--policy")
        {
            Description = "What to do with each column (see docs/policies.md; default: the built-in policy for the canonical extract, examples/policies/default.json)",
            HelpName = "POLICY.json",
        };
        var report = new Option<string?>("--report") { Description = "Also write the re-identification risk report as JSON", HelpName = "REPORT.json" };
        var minK = new Option<int?>("--min-k")
        {
            Description = "Remove records whose combination of quasi-identifiers is shared by fewer than K records (k-anonymity by suppression)",
            HelpName = "K",
        };
        minK.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 2)
            {
                r.AddError($"--min-k must be 2 or more (got {r.GetValueOrDefault<int?>()})");
            }
        });
        var passphraseFile = new Option<string?>("--passphrase-file")
        {
            Description = $"For an encrypted key: the file holding its passphrase (also: {Passphrases.EnvironmentVariable}, or a prompt)",
            HelpName = "F",
        };
        var force = Options.Force();
        var json = Options.Json();
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command("pseudonymize",
            "Replace identities by keyed pseudonyms (HMAC-SHA256), generalize dates and places, drop direct identifiers, " +
            "and report how identifiable the result still is (summary on stderr).")
        {
            input, key, output, policy, report, minK, passphraseFile, force, json, quiet,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            // Before the key is opened or anything written: no output may be an input or another output.
            Internals.IO.OutputPaths.Check([("--out", parse.GetValue(output)), ("--report", parse.GetValue(report))],
                [("--in", parse.GetValue(input)), ("--key", parse.GetValue(key)), ("--policy", parse.GetValue(policy)), ("--passphrase-file", parse.GetValue(passphraseFile))]);
            var policyPath = parse.GetValue(policy);
            var chosen = policyPath is null ? null : PseudonymPolicy.Load(policyPath);
            using var pseudonymKey = PseudonymKey.Load(parse.GetValue(key)!, Passphrases.From(parse.GetValue(passphraseFile), stderr));
            var result = ProgressDisplay.Run(stderr, parse.GetValue(quiet), progress => Pseudonymizer.Run(new PseudonymizeOptions
            {
                Progress = progress,
                InputPath = parse.GetValue(input)!,
                OutputPath = parse.GetValue(output)!,
                Key = pseudonymKey,
                Policy = chosen,
                ReportPath = parse.GetValue(report),
                MinK = parse.GetValue(minK),
                Overwrite = parse.GetValue(force),
            }));
            if (parse.GetValue(json))
            {
                // The summary and the whole risk report (the same document --report writes) on stdout.
                using var risk = new MemoryStream();
                result.Risk.WriteJson(risk);
                JsonOutput.Write(stdout, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("output", result.OutputPath);
                    w.WriteString("key_id", result.KeyId);
                    w.WriteNumber("records_read", result.RecordsRead);
                    w.WriteNumber("records_written", result.RecordsWritten);
                    w.WriteStartArray("columns");
                    result.OutputColumns.ToList().ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                    w.WritePropertyName("risk");
                    w.WriteRawValue(risk.ToArray());
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            RiskSummary.Write(stderr, result);
            IdentityText.Write(stderr, result.Linkage);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
