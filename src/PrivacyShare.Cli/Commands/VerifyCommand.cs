using System.CommandLine;
using System.Text.Json;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Signing;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare verify</c> and <c>verify-chain</c>: what an auditor runs.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The release folder" };
        var pubkey = PublicKeyOption();
        var previous = new Option<string?>("--previous") { Description = "The previous release's folder: also check the chain link", HelpName = "PREVDIR" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify",
            "Check a release: its minisign signature, every file's size and SHA-256, no extra files, each table against its schema " +
            "(every declared cell once, integer counts) and the privacy accounting. Exit 0 valid, 4 invalid, 2 could not check.")
        {
            dir, pubkey, previous, json,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            var key = SigningPublicKey.Load(parse.GetValue(pubkey)!);
            var report = ReleaseVerifier.Verify(parse.GetValue(dir)!, key, parse.GetValue(previous));
            Render(stdout, [report], parse.GetValue(json));
            return report.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    public static Command CreateChain()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Release folders in publication order, or one folder holding the releases", Arity = ArgumentArity.OneOrMore };
        var pubkey = PublicKeyOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify-chain",
            "Check a dataset's releases and their order: every release, every previous-hash link, sequence numbers without gaps. " +
            "Catches a replaced, missing or reordered release. Exit 0 valid, 4 invalid, 2 could not check.")
        {
            dirs, pubkey, json,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            var key = SigningPublicKey.Load(parse.GetValue(pubkey)!);
            var reports = ChainVerifier.VerifyGiven(parse.GetValue(dirs)!, key);
            Render(stdout, reports, parse.GetValue(json));
            return reports.All(r => r.IsValid) ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    private static Option<string> PublicKeyOption() => new("--pubkey")
    {
        Description = "The publisher's minisign public key",
        Required = true,
        HelpName = "PREFIX.pub",
    };

    private static void Render(TextWriter w, IReadOnlyList<VerificationReport> reports, bool json)
    {
        if (json)
        {
            // Written field by field, as every --json is: no reflection-based serializer (the native build has none).
            JsonOutput.Write(w, j =>
            {
                j.WriteStartArray();
                foreach (var r in reports)
                {
                    j.WriteStartObject();
                    j.WriteString("directory", r.Directory);
                    j.WriteBoolean("valid", r.IsValid);
                    WriteText(j, "dataset", r.Dataset);
                    WriteText(j, "version", r.Version);
                    if (r.Sequence is { } sequence)
                    {
                        j.WriteNumber("sequence", sequence);
                    }
                    else
                    {
                        j.WriteNull("sequence");
                    }

                    WriteText(j, "manifest_sha256", r.ManifestSha256);
                    WriteText(j, "trusted_comment", r.TrustedComment);
                    j.WriteStartArray("problems");
                    foreach (var p in r.Problems)
                    {
                        j.WriteStartObject();
                        j.WriteString("file", p.File);
                        j.WriteString("reason", p.Reason);
                        j.WriteEndObject();
                    }

                    j.WriteEndArray();
                    j.WriteStartArray("notes");
                    foreach (var n in r.Notes)
                    {
                        j.WriteStringValue(n);
                    }

                    j.WriteEndArray();
                    j.WriteEndObject();
                }

                j.WriteEndArray();
            });
            return;
        }

        foreach (var r in reports)
        {
            if (r.IsValid)
            {
                w.WriteLine($"valid: {r.Directory}: {r.Dataset} version {r.Version}, sequence {r.Sequence}, datapackage.json sha256 {r.ManifestSha256}");
                WriteNotes(w, r);
                continue;
            }

            foreach (var p in r.Problems)
            {
                w.WriteLine($"INVALID: {Path.Combine(r.Directory, p.File)}: {p.Reason}");
            }

            WriteNotes(w, r);
        }
    }

    // What the auditor reads beside the result: budget changes (a raise with its reason), a dataset that
    // began after other releases in its ledger.
    private static void WriteNotes(TextWriter w, VerificationReport r)
    {
        foreach (var note in r.Notes)
        {
            w.WriteLine($"  note: {note}");
        }
    }

    private static void WriteText(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
