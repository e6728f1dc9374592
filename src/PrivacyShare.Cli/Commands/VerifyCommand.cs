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
            w.WriteLine(JsonSerializer.Serialize(reports.Select(r => new
            {
                directory = r.Directory,
                valid = r.IsValid,
                dataset = r.Dataset,
                version = r.Version,
                sequence = r.Sequence,
                manifest_sha256 = r.ManifestSha256,
                trusted_comment = r.TrustedComment,
                problems = r.Problems.Select(p => new { file = p.File, reason = p.Reason }),
            }), new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        foreach (var r in reports)
        {
            if (r.IsValid)
            {
                w.WriteLine($"valid: {r.Directory}: {r.Dataset} version {r.Version}, sequence {r.Sequence}, datapackage.json sha256 {r.ManifestSha256}");
                continue;
            }

            foreach (var p in r.Problems)
            {
                w.WriteLine($"INVALID: {Path.Combine(r.Directory, p.File)}: {p.Reason}");
            }
        }
    }
}
