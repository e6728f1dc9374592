using nietras.SeparatedValues;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Signing;
using PrivacyShare.Synthetic;

namespace PrivacyShare.Cli.Demo;

/// <summary>
/// Runs the whole pipeline that exists today on embedded defaults, in a fresh folder, so a new user
/// sees every artefact and what it shows. Later capabilities add their step here.
/// </summary>
public static class DemoPipeline
{
    /// <summary>The default number of synthetic rows: enough for stable rates, done in a second.</summary>
    public const long DefaultRows = 20_000;

    /// <summary>The fixed seed, so every demo run shows the same data.</summary>
    public const int Seed = 2008;

    /// <summary>
    /// Runs the demo in <paramref name="folder"/> (created; it must not exist or be empty), or in a
    /// new temporary folder when null.
    /// </summary>
    /// <exception cref="RefusedException">The folder exists and is not empty.</exception>
    public static DemoReport Run(string? folder, long rows = DefaultRows)
    {
        var dir = PrepareFolder(folder);
        var steps = new List<DemoStep>();

        // The keys and the ledger first: the six-month calendar (the last step) shares only them with the
        // one-shot release, so it runs beside it on another core from the start. The demo was one thread
        // for most of its second (native, 2 cores, interleaved runs: 1.17 s before, 0.94 s after). Its step
        // still comes last.
        var keyPath = Path.Combine(dir, "pseudonym.key");
        var keyId = PseudonymKey.Create(keyPath, default, encrypt: false, overwrite: false);
        var signingPrefix = Path.Combine(dir, "signing");
        var signingId = SigningKey.Create(signingPrefix, default, encrypt: false, overwrite: false);
        var ledgerPath = Path.Combine(dir, "ledger.db");
        BudgetLedger.Open(ledgerPath, create: true).Dispose();
        var calendar = Task.Run(() => Calendar(dir, keyPath, ledgerPath, signingPrefix));
        try
        {
            steps.AddRange(OneShot(dir, keyPath, keyId, signingPrefix, signingId, ledgerPath, rows, out var releaseDir));
            steps.Add(calendar.GetAwaiter().GetResult());
            return new DemoReport { Folder = dir, Steps = steps, ReleaseReport = Path.Combine(releaseDir, ReleaseFolder.ReportFileName) };
        }
        finally
        {
            calendar.ContinueWith(static _ => { }, TaskScheduler.Default).Wait(); // never left running
        }
    }

    // synth, keygen, pseudonymize, plan, budget, release, verify, query, the tamper check and the ledger:
    // the one-shot release's steps, in order.
    private static List<DemoStep> OneShot(string dir, string keyPath, string keyId, string signingPrefix, string signingId, string ledgerPath, long rows, out string releaseDir)
    {
        var steps = new List<DemoStep>();
        var extract = Path.Combine(dir, "arrests.csv");
        var truth = Path.Combine(dir, "truth.json");
        var synth = Synthesizer.Run(new SynthOptions { Rows = rows, Seed = Seed, OutputPath = extract, TruthPath = truth });
        steps.Add(new DemoStep
        {
            Command = $"privacyshare synth --rows {rows} --seed {Seed} --truth {truth} --out {extract}",
            Artefacts = [extract, truth],
            Findings =
            [
                $"{synth.Rows:N0} synthetic arrests (profile {synth.Profile}, {synth.From} to {synth.To}) of {synth.People:N0} people; {synth.PeopleWithRepeats:N0} were arrested more than once, typed differently by clerks.",
                $"{synth.IdentMatches:N0} IDENT matches ({Percent(synth.IdentMatches, synth.Rows)} of arrests), {synth.Detainers:N0} detainers, {synth.Removals:N0} removals.",
                "truth.json holds the exact counts per month and offense level, to score noisy releases against.",
            ],
        });

        steps.Add(new DemoStep
        {
            Command = $"privacyshare keygen pseudonym --out {keyPath}",
            Artefacts = [keyPath],
            Findings =
            [
                $"A 32-byte HMAC-SHA256 key with id {keyId}, mode 0600. It never leaves the records unit; the demo leaves it unencrypted (use --passphrase-file or --encrypt for real keys).",
            ],
        });

        var pseudonymized = Path.Combine(dir, "arrests-pseudonymized.csv");
        var riskPath = Path.Combine(dir, "risk.json");
        using (var key = PseudonymKey.Load(keyPath, (_, _) => throw new InvalidOperationException("the demo key is not encrypted")))
        {
            var result = Pseudonymizer.Run(new PseudonymizeOptions { InputPath = extract, OutputPath = pseudonymized, Key = key, ReportPath = riskPath });
            var before = result.Risk.Before;
            var top = result.Risk.WithoutEach[0];
            steps.Add(new DemoStep
            {
                Command = $"privacyshare pseudonymize --in {extract} --key {keyPath} --out {pseudonymized} --report {riskPath}",
                Artefacts = [pseudonymized, riskPath],
                Findings =
                [
                    $"Columns: {string.Join(",", result.OutputColumns)}. Names, birth dates, FBI numbers, full ZIP codes, charge descriptions and arrest dates are gone; each person keeps one person_id across arrests.",
                    $"Re-identification risk over {result.Risk.QuasiIdentifiers.Length} quasi-identifiers: {Percent(before.RecordsInUniqueClasses, before.Records)} of records are unique, {Percent(before.RecordsInClassesBelow5, before.Records)} are in classes below 5.",
                    $"Leaving out {result.Risk.QuasiIdentifiers.Except(top.QuasiIdentifiers, StringComparer.Ordinal).Single()} would cut unique records the most (to {top.RecordsInUniqueClasses:N0}); --min-k suppresses the rest.",
                ],
            });
        }

        // The demo keeps its own ledger inside its folder, so it never touches the user's real budgets.
        var spec = ReleaseSpec.Load(WriteExampleSpec(dir));
        using (var ledger = BudgetLedger.Open(ledgerPath, create: true))
        {
            ledger.SetBudget(spec.Dataset, new Rational(2, 1));
        }

        // The plan first: what the release will spend and how precise it will be, before any data is read.
        var plan = ReleasePlan.For(spec);
        steps.Add(new DemoStep
        {
            Command = $"privacyshare plan --spec {Path.Combine(dir, "release-spec.json")}",
            Artefacts = [],
            Findings =
            [
                $"Before any data is read or budget spent: epsilon {plan.Epsilon} in total, split among the tables by their weights.",
                .. plan.Tables.Select(t => $"{t.Name}: epsilon {t.Epsilon}, bound {t.Bound}, noise scale {Number(t.Scale)}; 95% noise half-width " +
                    string.Join(", ", t.Measures.Select((m, i) => $"{m} ±{t.CellHalfWidths[i]:0.#} per cell, ±{t.TotalHalfWidths[i]:0.#} in total"))),
                .. plan.Dropped.Select(d => $"{d.Name}: the records beyond bound {d.Bound} are counted with noise{(d.CountedPer is { } per ? $", per {per}" : "")} (scale {Number(d.Scale)}); intervals of {string.Join(", ", d.Tables)} add that count plus up to {d.Allowance} on the upper side{(d.CountedPer is { } by ? $" (a cell of one {by}: its {by}'s count)" : "")}."),
                .. plan.Tables.Where(t => t.RefusesBeyondBound).Select(t => $"{t.Name}: the spec declares that nobody has more than {t.Bound} record(s) in it (\"beyond_bound\": \"refuse\"): input that did would be refused, so it needs no dropped-records count and its intervals no allowance."),
                .. plan.ShareChoice is { } choice
                    ? [$"Each table's share of its epsilon for counting left-out records, chosen by the expected widths of its intervals (\"dropped_share\": \"auto\"): {string.Join(", ", plan.Tables.Zip(choice.Shares).Where(x => x.Second is not null).Select(x => $"{x.First.Name} {x.Second}"))}."]
                    : Array.Empty<string>(),
            ],
        });

        steps.Add(new DemoStep
        {
            Command = $"privacyshare budget set --dataset {spec.Dataset} --epsilon 2 --ledger {ledgerPath}",
            Artefacts = [ledgerPath],
            Findings = ["The dataset may spend epsilon 2 in total, over all its releases; the ledger refuses any release that would exceed it."],
        });

        steps.Add(new DemoStep
        {
            Command = $"privacyshare keygen signing --out {signingPrefix} --unencrypted",
            Artefacts = [signingPrefix + ".key", signingPrefix + ".pub"],
            Findings = [$"An Ed25519 key pair {signingId} in minisign's format; publish the .pub. The demo's secret key is unencrypted; a real one is passphrase-protected and kept offline."],
        });

        releaseDir = Path.Combine(dir, "release-1");
        ReleaseResult release;
        using (var signingKey = SigningKey.Load(signingPrefix + ".key", (_, _) => throw new InvalidOperationException("the demo key is not encrypted")))
        {
            release = Releaser.Run(new ReleaseOptions { InputPath = pseudonymized, Spec = spec, OutputDirectory = releaseDir, LedgerPath = ledgerPath, SigningKey = signingKey });
        }

        steps.Add(new DemoStep
        {
            Command = $"privacyshare release --in {pseudonymized} --spec {Path.Combine(dir, "release-spec.json")} --out {releaseDir} --ledger {ledgerPath} --signing-key {signingPrefix}.key",
            Artefacts = [.. Directory.GetFiles(releaseDir).Order(StringComparer.Ordinal)],
            Findings =
            [
                .. release.Tables.Select(t => $"{t.Name}.csv: {t.Cells} cells, every declared cell even where the true count is 0; epsilon {t.Epsilon}, bound {t.Bound}, noise scale {t.Scale}; each value is a consistent non-negative integer with its 95% interval."),
                $"Spent epsilon {release.Epsilon}; the dataset has now spent {release.CumulativeEpsilon} of {release.Budget}. datapackage.json (Frictionless) lists every file with its size and SHA-256; METHODOLOGY.md explains it in plain words.",
                "Each table counts at most its bound of records per person, so no one person can move a count much; the records a bound leaves out are counted with noise and widen the intervals' upper side.",
            ],
        });

        var publicKey = SigningPublicKey.Load(signingPrefix + ".pub");
        var verified = ReleaseVerifier.Verify(releaseDir, publicKey);
        steps.Add(new DemoStep
        {
            Command = $"privacyshare verify {releaseDir} --pubkey {signingPrefix}.pub",
            Artefacts = [],
            Findings =
            [
                verified.IsValid
                    ? $"valid: signature by key {publicKey.Id}, every file's size and SHA-256, every declared cell once, epsilons adding up. Auditors can check the same with: minisign -Vm {releaseDir}/datapackage.json -p {signingPrefix}.pub, then sha256sum against datapackage.json."
                    : $"INVALID: {string.Join("; ", verified.Problems)}",
            ],
        });

        // The public's questions, answered from the release folder alone, beside the synthetic truth.
        var published = Releases.Querying.PublishedRelease.Load(releaseDir);
        var where23 = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<string>>.Empty.Add("offense_level", ["2", "3"]);
        Releases.Querying.ReleaseQuery[] questions =
        [
            Releases.Querying.ReleaseQuery.Total(Measure.Removals),
            Releases.Querying.ReleaseQuery.ByDimensions(Measure.Removals, "offense_level"),
            new(Measure.Removals, [], where23),
            Releases.Querying.ReleaseQuery.Total(Measure.IdentMatches),
            Releases.Querying.ReleaseQuery.ByDimensions(Measure.IdentMatches, "ethnicity"),
            Releases.Querying.ReleaseQuery.ByDimensions(Measure.Arrests, "race"),
        ];
        var score = Synthetic.Scoring.ReleaseScorer.Score(published, extract, questions);
        var answers = score.Queries.ToDictionary(q => q.Name, StringComparer.Ordinal);
        string Line(Synthetic.Scoring.ScoredRow r, string label) =>
            $"{label}: {r.Estimate:N0} ({new Releases.Estimation.PublishedInterval(r.Lower, r.NoiseLower, r.NoiseUpper, r.Upper).Describe()}); synthetic truth {r.Truth:N0}";
        var names = spec.Design.Heading.Display;
        var removals = answers["removals"].Rows[0];
        var levels = answers["removals by offense_level"].Rows;
        var shareLow = answers["removals where offense_level=2|3"].Rows[0];
        steps.Add(new DemoStep
        {
            Command = $"privacyshare query {releaseDir} --measure removals --by offense_level   (and more; then privacyshare score {releaseDir} --truth {extract})",
            Artefacts = [],
            Findings =
            [
                Line(removals, "Removals, October 2008 to June 2010"),
                .. levels.Select(r => Line(r, $"  charged at offense level {r.Values[0]}")),
                $"Share of removals charged at Level 2 or 3: {Share(levels[1].Estimate + levels[2].Estimate, levels.Sum(r => r.Estimate))}; synthetic truth {Share(shareLow.Truth, removals.Truth)}",
                Line(answers["ident_matches"].Rows[0], "IDENT matches"),
                .. answers["ident_matches by ethnicity"].Rows.Select(r => Line(r, $"  ethnicity {names.WithCode("ethnicity", r.Values[0])}")),
                .. answers["arrests by race"].Rows.Select(r => Line(r, $"Arrests, race {names.WithCode("race", r.Values[0])}")),
                "Each answer is the consistent estimate (the published cells add up to it) with an interval from the estimate's full covariance. The truth is shown only because this data is synthetic: score never runs on real records.",
            ],
        });

        // The tamper check: one changed count in a copy, and verify names the file.
        var tampered = Path.Combine(dir, "release-1-tampered");
        Directory.CreateDirectory(tampered);
        foreach (var file in Directory.GetFiles(releaseDir))
        {
            File.Copy(file, Path.Combine(tampered, Path.GetFileName(file)));
        }

        var first = spec.Design.Tables[0];
        var table = Path.Combine(tampered, ReleaseFolder.TableFileName(first.Name));
        RaiseFirstCount(table, first.Dimensions.Length);
        var caught = ReleaseVerifier.Verify(tampered, publicKey);
        steps.Add(new DemoStep
        {
            Command = $"privacyshare verify {tampered} --pubkey {signingPrefix}.pub",
            Artefacts = [tampered],
            Findings =
            [
                $"A copy with one count raised by 1 in {ReleaseFolder.TableFileName(first.Name)}: {(caught.IsValid ? "NOT CAUGHT (this is a bug)" : "caught, exit code 4")}.",
                .. caught.Problems.Select(p => $"INVALID: {p}"),
            ],
        });

        using (var ledger = BudgetLedger.Open(ledgerPath))
        {
            var status = ledger.Status(spec.Dataset);
            steps.Add(new DemoStep
            {
                Command = $"privacyshare budget show --ledger {ledgerPath}",
                Artefacts = [],
                Findings = [$"{spec.Dataset}: total {status.Total}, spent {status.Spent}, remaining {status.Remaining}; {status.ReleaseCount} release(s), chained by hash in the ledger ({(ledger.VerifyChain().Count == 0 ? "privacyshare ledger verify: intact" : "ledger chain BROKEN")})."],
            });
        }

        return steps;
    }

    /// <summary>The months a demo calendar runs: the first half of 2009.</summary>
    public const int CalendarMonths = 6;

    // A six-month calendar beside the one-shot release (docs/calendar.md): the records system's export at
    // the end of each month, pseudonymized with the same key, released one month at a time under one
    // person-level budget; each release republishes the months before it as they were.
    private static DemoStep Calendar(string dir, string keyPath, string ledgerPath, string signingPrefix)
    {
        var spec = Path.Combine(dir, "calendar-spec.json");
        using (var resource = typeof(DemoPipeline).Assembly.GetManifestResourceStream("PrivacyShare.Cli.Demo.boston-calendar.json")!)
        using (var reader = new StreamReader(resource))
        {
            // The shipped example runs two years with yearly summaries; the demo shows six regular months.
            var text = reader.ReadToEnd().Replace("\"from\": \"2009-01\", \"to\": \"2010-12\", \"summary\": \"year\"", "\"from\": \"2009-01\", \"to\": \"2009-06\"", StringComparison.Ordinal);
            File.WriteAllText(spec, text);
        }

        var calendar = ReleaseSpec.Load(spec);
        using (var ledger = BudgetLedger.Open(ledgerPath))
        {
            ledger.SetBudget(calendar.Dataset, Rational.One);
        }

        using var key = PseudonymKey.Load(keyPath, (_, _) => throw new InvalidOperationException("the demo key is not encrypted"));
        using var signingKey = SigningKey.Load(signingPrefix + ".key", (_, _) => throw new InvalidOperationException("the demo key is not encrypted"));
        var folders = new List<string>();
        ReleaseResult? last = null;
        for (var m = 0; m < CalendarMonths; m++)
        {
            var month = ArrestMonth.Parse("2009-01").Plus(m).ToString();
            var raw = Path.Combine(dir, $"export-{month}.csv");
            Synthesizer.Run(new SynthOptions { Rows = 5_000, Seed = Seed, OutputPath = raw, From = ArrestMonth.Parse("2009-01"), To = ArrestMonth.Parse("2009-06"), AsOf = ArrestMonth.Parse(month) });
            var pseudonymized = Path.Combine(dir, $"export-{month}-pseudonymized.csv");
            Pseudonymizer.Run(new PseudonymizeOptions { InputPath = raw, OutputPath = pseudonymized, Key = key });
            var folder = Path.Combine(dir, $"calendar-{month}");
            last = Releaser.Run(new ReleaseOptions { InputPath = pseudonymized, Spec = calendar, OutputDirectory = folder, LedgerPath = ledgerPath, SigningKey = signingKey, Period = month });
            folders.Add(folder);
        }

        var chain = ChainVerifier.Verify(folders, SigningPublicKey.Load(signingPrefix + ".pub"), inGivenOrder: true);
        var published = Releases.Querying.PublishedRelease.Load(folders[^1]);
        var removals = published.Answer(Releases.Querying.ReleaseQuery.Total(Measure.Removals)).Rows[0];
        using var l = BudgetLedger.Open(ledgerPath);
        var status = l.Status(calendar.Dataset);
        return new DemoStep
        {
            Command = $"for each month M of 2009-01 to 2009-06: privacyshare synth ... --as-of M; privacyshare pseudonymize ...; privacyshare release --in export-M-pseudonymized.csv --spec {spec} --period M --out calendar-M --ledger {ledgerPath} --signing-key {signingPrefix}.key",
            Artefacts = [spec, .. folders],
            Findings =
            [
                $"Six monthly releases of {calendar.Dataset}, each measuring only what was new that month (bookings first seen, outcomes first recorded: the last month's {last!.Calendar!.NewBookings:N0} new bookings, {last.Calendar.Progressed:N0} earlier bookings with an outcome recorded since) and republishing every month so far.",
                $"Budget: spent {status.Spent} of {status.Total} in all, not six times {last.Epsilon}: each month is charged once, and each person's events are capped across the whole calendar (docs/calendar.md).",
                $"verify-chain over the six: {(chain.All(r => r.IsValid) ? "valid, with every earlier month's measurements carried unchanged" : "INVALID (this is a bug)")}.",
                $"Removals since January, from the last release alone: {removals.Estimate:N0} (95% interval {removals.Lower:N0} to {removals.Upper:N0}).",
            ],
        };
    }

    // The shipped example spec, embedded so the demo works from any folder.
    private static string WriteExampleSpec(string dir)
    {
        var path = Path.Combine(dir, "release-spec.json");
        using var resource = typeof(DemoPipeline).Assembly.GetManifestResourceStream("PrivacyShare.Cli.Demo.boston.json")!;
        using var file = File.Create(path);
        resource.CopyTo(file);
        return path;
    }

    private static string PrepareFolder(string? folder)
    {
        if (folder is null)
        {
            return Directory.CreateTempSubdirectory("privacyshare-demo-").FullName;
        }

        if (File.Exists(folder))
        {
            throw new RefusedException($"{folder}: is a file; give a new or empty folder for the demo");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new RefusedException($"{folder}: is not empty; the demo needs a new or empty folder so it overwrites nothing");
        }

        return Directory.CreateDirectory(folder).FullName;
    }

    private static string Share(long part, long whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F0}%";

    private static string Number(Rational r) => r.ToDouble().ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F1}%";

    // The first data row's first measure, plus one: read and rewritten as CSV (Sep), so that the change
    // is one number and nothing else, whatever the table's quoting.
    private static void RaiseFirstCount(string table, int column)
    {
        using var reader = Sep.Reader().FromText(File.ReadAllText(table));
        using var writer = reader.Spec.Writer(o => o with { Escape = true }).ToText();
        var first = true;
        foreach (var row in reader)
        {
            using var copy = writer.NewRow(row);
            if (first)
            {
                copy[column].Set((row[column].Parse<long>() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                first = false;
            }
        }

        writer.Flush();
        File.WriteAllText(table, writer.ToString());
    }
}
