using System.CommandLine;
using PrivacyShare.Releases;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare release</c>: differentially private tables as an open-data package.</summary>
internal static class ReleaseCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "The canonical extract or the output of pseudonymize", Required = true, HelpName = "FILE.csv" };
        var spec = new Option<string>("--spec") { Description = "The release spec (see docs/releases.md and examples/releases/boston.json)", Required = true, HelpName = "SPEC.json" };
        var output = new Option<string>("--out") { Description = "The release folder to create; an existing folder is never overwritten", Required = true, HelpName = "DIR" };
        var ledger = Options.Ledger();
        var ledgerKey = Options.LedgerKey();
        var signingKey = new Option<string?>("--signing-key")
        {
            Description = "The minisign secret key (from 'keygen signing') that signs datapackage.json; required unless --unsigned",
            HelpName = "PREFIX.key",
        };
        var unsigned = new Option<bool>("--unsigned") { Description = "Make an unsigned draft (no datapackage.json.minisig); auditors cannot verify who published it" };
        var passphraseFile = new Option<string?>("--passphrase-file")
        {
            Description = $"For an encrypted signing key: the file holding its passphrase (also: {Passphrases.EnvironmentVariable}, or a prompt)",
            HelpName = "F",
        };
        var period = new Option<string?>("--period")
        {
            Description = "For a spec with a calendar (docs/calendar.md): the period to release, such as 2009-03, 2009-Q1 or 2009. --in is the extract as known " +
                "at the end of that period, the output of pseudonymize made with the calendar's key; the release measures only what is new since the calendar's " +
                "last release, charges the period's months, and republishes every period so far. A summary (2009 in a calendar with yearly summaries) measures its " +
                "months again once they are all released, at the summary's share of the epsilon, and makes the year's total precise",
            HelpName = "PERIOD",
        };
        var json = Options.Json();
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command("release",
            "Publish differentially private tables as a Frictionless Data Package, after charging the dataset's privacy budget in the ledger " +
            "(the charge is committed before any noise is drawn; a crash afterwards wastes budget, never leaks uncharged noise): " +
            "exact discrete Laplace noise on disjoint stages, every cell of the declared domains, consistent non-negative values with 95% intervals " +
            "for the true counts, and the raw noisy measurements. See what a spec will give first with 'privacyshare plan'.")
        {
            input, spec, output, period, ledger, ledgerKey, signingKey, unsigned, passphraseFile, json, quiet,
        };
        command.Validators.Add(r =>
        {
            var hasKey = r.GetResult(signingKey) is { Implicit: false };
            if (hasKey == r.GetValue(unsigned))
            {
                r.AddError("give --signing-key PREFIX.key to sign the release, or --unsigned for a draft");
            }
        });
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            var releaseSpec = ReleaseSpec.Load(parse.GetValue(spec)!);
            using var key = parse.GetValue(signingKey) is { } keyPath
                ? PrivacyShare.Signing.SigningKey.Load(keyPath, Passphrases.From(parse.GetValue(passphraseFile), stderr))
                : null;
            var result = ProgressDisplay.Run(stderr, parse.GetValue(quiet), progress => Releaser.Run(new ReleaseOptions
            {
                Progress = progress,
                Notice = text => stderr.WriteLine($"notice: {text}"),
                InputPath = parse.GetValue(input)!,
                Spec = releaseSpec,
                OutputDirectory = parse.GetValue(output)!,
                LedgerPath = parse.GetValue(ledger),
                LedgerKeyPath = parse.GetValue(ledgerKey),
                SigningKey = key,
                Period = parse.GetValue(period),
            }));
            if (result.Calendar is { IsSummary: true } y)
            {
                stderr.WriteLine($"calendar (exact, for the records unit only; not in the release): the summary {y.Period} measured again {y.Remeasured:N0} events first recorded in " +
                    $"{y.PeriodsMeasured[0]} to {y.PeriodsMeasured[^1]}, each where its cap put it; {y.Vanished:N0} bookings of the store are gone from the extract (their events cannot be placed " +
                    $"and are missing from the summary); {y.NewBookings:N0} bookings not measured yet were left for the next regular release");
            }
            else if (result.Calendar is { } c)
            {
                stderr.WriteLine($"calendar (exact, for the records unit only; not in the release): measured {string.Join(", ", c.PeriodsMeasured)}: {c.NewBookings:N0} bookings first seen, " +
                    $"{c.NewEvents:N0} new events, {c.Progressed:N0} earlier bookings with a new outcome; went backwards (still counted as recorded): {c.Withdrawn:N0} outcomes withdrawn, " +
                    $"{c.Vanished:N0} bookings gone from the extract, {c.PersonChanged:N0} bookings moved to another person (their caps merged)" +
                    (c.Remeasured > 0 ? $"; {c.Remeasured:N0} events measured again, because the release that first measured them was charged but never published" : ""));
            }

            var s = result.Input;
            stderr.WriteLine(result.Calendar is null
                ? $"input (exact, for the records unit only; not in the release): {s.RecordsRead:N0} records read, {s.RecordsUsed:N0} used, " +
                    $"{s.OutsidePeriod:N0} outside the period, {s.DroppedByBound:N0} left out by a contribution bound, {s.BeyondTwiceBound:N0} beyond twice a bound"
                : $"input (exact, for the records unit only; not in the release): {s.RecordsRead:N0} records read, {s.OutsidePeriod:N0} before the calendar; " +
                    $"of the new events, {s.DroppedByBound:N0} left out by a contribution bound (a person's events across the calendar), {s.BeyondTwiceBound:N0} beyond twice a bound");
            if (s.BeyondTwiceBound > 0)
            {
                // The release cannot say this itself: whether anyone exceeds twice a bound depends on one person's records.
                stderr.WriteLine($"warning: {s.BeyondTwiceBound:N0} records lay beyond twice a contribution bound. No measurement counts them, so this release's intervals " +
                    "do not cover them (docs/proofs/intervals.md); the release does not say so, because that would disclose that someone has that many records. " +
                    "For the next release, raise max_records_per_person for the tables that count them.");
            }

            IdentityText.Write(stderr, s.Linkage);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("directory", result.Directory);
                    w.WriteString("version", result.Version);
                    w.WriteNumber("sequence", result.Sequence);
                    w.WriteString("cumulative_epsilon", result.CumulativeEpsilon.ToString());
                    w.WriteString("budget", result.Budget.ToString());
                    w.WriteString("ledger", result.LedgerPath);
                    w.WriteString("manifest_sha256", result.ManifestSha256);
                    if (key is null)
                    {
                        w.WriteNull("signed_by");
                    }
                    else
                    {
                        w.WriteString("signed_by", key.Id);
                    }

                    PlanText.WriteJson(w, result.Plan);
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"released {result.Dataset} version {result.Version} (ledger sequence {result.Sequence}) into {result.Directory}");
            PlanText.Write(stdout, result.Plan);

            stdout.WriteLine($"  epsilon {result.Epsilon} spent; dataset total {result.CumulativeEpsilon} of {result.Budget} (ledger {result.LedgerPath})");
            stdout.WriteLine($"  datapackage.json sha256 {result.ManifestSha256}");
            stdout.WriteLine(key is null
                ? "  UNSIGNED DRAFT: no datapackage.json.minisig; sign releases with --signing-key"
                : $"  signed by key {key.Id}: datapackage.json.minisig (verify: privacyshare verify DIR --pubkey PREFIX.pub, or minisign -Vm DIR/datapackage.json -p PREFIX.pub)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
