using System.Text.Json;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Signing;
using ManifestRead = (PrivacyShare.Releases.Design.ReleaseDesign Design, System.Collections.Immutable.ImmutableArray<PrivacyShare.Releases.Design.DeclaredTable> Tables);

namespace PrivacyShare.Releases.Verification;

/// <summary>
/// Checks a release folder the way an auditor would, without trusting the tool that made it: the
/// minisign signature and trusted comment, every resource's size and SHA-256 against the manifest, no
/// file beyond the manifest, its signature and the listed resources, each table against its Table
/// Schema (header, integer cells, every cell of the declared domain exactly once), and the privacy
/// accounting; with a previous release, the chain link between the two.
/// </summary>
public static class ReleaseVerifier
{
    private const string ManifestFile = ReleaseFolder.ManifestFileName;

    /// <summary>Verifies <paramref name="directory"/>.</summary>
    /// <exception cref="InputException">The folder cannot be read at all (it does not exist).</exception>
    public static VerificationReport Verify(string directory, SigningPublicKey publicKey, string? previousDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!Directory.Exists(directory))
        {
            throw Throw.NoSuchFile(directory, "release folder");
        }

        var problems = new List<VerificationProblem>();
        void Problem(string file, string reason) => problems.Add(new VerificationProblem(file, reason));

        var (read, failure, unreadable) = Internals.IO.RegularFile.Read(Path.Combine(directory, ManifestFile), ReleaseFolder.MaxManifestBytes);
        if (read is not { } manifestBytes)
        {
            Problem(ManifestFile, failure == Internals.IO.RegularFile.ReadFailure.Missing ? "is missing: this folder is not a release" : unreadable!);
            return new VerificationReport(directory, problems);
        }

        var manifestSha = ReleaseFolder.Sha256(manifestBytes);
        var trusted = CheckSignature(directory, manifestBytes, publicKey, Problem);
        PackageManifest? manifest;
        try
        {
            manifest = System.Text.Unicode.Utf8.IsValid(manifestBytes) ? ManifestJson.Read(manifestBytes) : null;
        }
        catch (JsonException e)
        {
            Problem(ManifestFile, $"is not valid JSON for a data package: {ManifestJson.Describe(e)}");
            return new VerificationReport(directory, problems) { ManifestSha256 = manifestSha };
        }

        if (manifest is null)
        {
            Problem(ManifestFile, "is not a JSON object in valid UTF-8");
            return new VerificationReport(directory, problems) { ManifestSha256 = manifestSha };
        }

        var privacy = manifest.Privacy;
        var prepared = privacy is null ? null : Prepare(directory, manifest);
        if (trusted is not null)
        {
            CheckTrustedComment(trusted, manifest, Problem);
        }

        var published = CheckResources(directory, manifest, Problem);
        PublishedValues.CheckConsistency(published, Problem);
        CheckPrivacy(privacy, Problem);
        var notes = privacy is null ? [] : PeriodAccounting.Check(privacy, Problem).ToList();
        if (problems.Count == 0)
        {
            CheckAccounting(directory, manifest, prepared?.Task.Result, Problem);
        }

        if (previousDirectory is not null)
        {
            CheckChain(directory, previousDirectory, manifest, Problem);
        }

        return new VerificationReport(directory, problems)
        {
            Dataset = manifest.Name,
            Version = manifest.Version,
            Sequence = privacy?.Sequence,
            ManifestSha256 = manifestSha,
            Previous = privacy?.Previous,
            TrustedComment = trusted,
            Notes = [.. notes],
        };
    }

    // The signature over the manifest's bytes; its trusted comment when it verifies.
    private static string? CheckSignature(string directory, byte[] manifest, SigningPublicKey publicKey, Action<string, string> problem)
    {
        var (bytes, failure, unreadable) = Internals.IO.RegularFile.Read(Path.Combine(directory, ReleaseFolder.SignatureFileName), ReleaseFolder.MaxSignatureBytes);
        if (bytes is null)
        {
            problem(ReleaseFolder.SignatureFileName, failure == Internals.IO.RegularFile.ReadFailure.Missing ? "is missing: the release is unsigned" : unreadable!);
            return null;
        }

        var check = publicKey.Verify(System.Text.Encoding.UTF8.GetString(bytes), manifest);
        if (!check.IsValid)
        {
            problem(ReleaseFolder.SignatureFileName, check.Problem!);
        }

        return check.IsValid ? check.TrustedComment : null;
    }

    // file: is required; release: and seq: are PrivacyShare's additions, checked when present, so that a
    // plain `minisign -Sm datapackage.json` signature is accepted too.
    private static void CheckTrustedComment(string trusted, PackageManifest manifest, Action<string, string> problem)
    {
        var fields = trusted.Split('\t');
        foreach (var (key, expected) in new[] { ("file:", $"file:{ManifestFile}"), ("release:", $"release:{manifest.Name}@{manifest.Version}"), ("seq:", $"seq:{manifest.Privacy?.Sequence}") })
        {
            var present = fields.Where(f => f.StartsWith(key, StringComparison.Ordinal)).ToArray();
            if ((key == "file:" || present.Length > 0) && !present.SequenceEqual([expected]))
            {
                problem(ReleaseFolder.SignatureFileName, $"the trusted comment does not say {expected} (it says: {trusted})");
            }
        }
    }

    // Every listed resource: a plain file inside the folder, of the stated size and hash, and a table
    // matching its schema; then no file the manifest does not list. Returns the published tables' values.
    private static List<PublishedValues> CheckResources(string directory, PackageManifest manifest, Action<string, string> problem)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal) { ManifestFile, ReleaseFolder.SignatureFileName };
        var published = new List<PublishedValues>();
        if (manifest.Resources is not { } resources)
        {
            problem(ManifestFile, "has no resources list");
            resources = [];
        }

        foreach (var resource in resources)
        {
            var path = resource?.Path ?? "";
            if (resource is null || !SafePath(directory, path) || !listed.Add(path))
            {
                problem(ManifestFile, $"lists the resource path '{path}', which is absolute, contains '..', leaves the release folder or is listed twice");
                continue;
            }

            // Read no more than the manifest says the file holds: a larger file is already wrong.
            if (resource.Bytes is not (>= 0 and <= ReleaseFolder.MaxResourceBytes) || resource.Bytes is not { } stated)
            {
                problem(path, $"its bytes in datapackage.json must be a whole number from 0 to {ReleaseFolder.MaxResourceBytes:N0}");
                continue;
            }

            var (bytes, why, unreadable) = Internals.IO.RegularFile.Read(Path.Combine(directory, path), stated);
            if (bytes is null)
            {
                problem(path, why switch
                {
                    Internals.IO.RegularFile.ReadFailure.Missing => "is listed in datapackage.json but missing",
                    Internals.IO.RegularFile.ReadFailure.TooLarge => $"has more bytes than the {stated:N0} datapackage.json says",
                    _ => unreadable!,
                });
                continue;
            }

            if (bytes.Length != stated)
            {
                problem(path, $"has {bytes.Length} bytes, but datapackage.json says {stated}");
            }

            if (resource.Hash != "sha256:" + ReleaseFolder.Sha256(bytes))
            {
                problem(path, "its SHA-256 differs from the hash in datapackage.json: the file was changed");
            }

            if (resource.Schema is { } schema)
            {
                if (TableFileCheck.Check(bytes, path, schema, problem, events: manifest.Privacy?.Calendar is not null) is { } table)
                {
                    published.Add(table);
                }
            }
            else if (path.EndsWith(".csv", StringComparison.Ordinal))
            {
                problem(path, "is a table without a Table Schema in datapackage.json");
            }
        }

        foreach (var file in Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName))
        {
            if (!listed.Contains(file!))
            {
                problem(file!, "is not listed in datapackage.json: nothing may be added to a release");
            }
        }

        return published;
    }

    private static void CheckPrivacy(ManifestPrivacy? privacy, Action<string, string> problem)
    {
        if (privacy is null)
        {
            problem(ManifestFile, "has no privacy property");
            return;
        }

        if (privacy.Tables is not { Count: > 0 } tables || tables.Any(t => t?.Epsilon is not { Sign: > 0 }) || privacy.Epsilon is not { Sign: > 0 } total)
        {
            problem(ManifestFile, "its privacy property has an epsilon that is zero or negative, or missing, or no tables: every epsilon is above 0");
            return;
        }

        // A calendar's summary measures every table again at summary_share / (1 - summary_share) of its epsilon.
        var sum = PrivacyAccounting.Compose(tables.Select(t => t.Epsilon!.Value));
        if (privacy.Calendar is { SummaryMeasured: not null, SummaryShare: { Sign: > 0 } share } && share < Rational.One)
        {
            sum = sum * share / (Rational.One - share);
        }

        if (sum != total)
        {
            problem(ManifestFile, $"the tables' epsilons add up to {sum}, but the release's epsilon is {total}");
        }

        if (privacy.Sequence is not >= 1)
        {
            problem(ManifestFile, "its privacy.sequence must be a whole number from 1");
        }

        if (privacy.Previous is null)
        {
            problem(ManifestFile, "its privacy.previous must be a string (a SHA-256 in hex, or empty for a first release)");
        }

        if (privacy.AbandonedEpsilon is { Sign: < 0 })
        {
            problem(ManifestFile, "its privacy.abandoned_epsilon is negative: charges are never refunded");
        }

        if (privacy.CumulativeEpsilon is not { } cumulative || privacy.Budget is not { } budget)
        {
            problem(ManifestFile, "its privacy property lacks cumulative_epsilon or budget");
        }
        else if (cumulative > budget)
        {
            problem(ManifestFile, $"its cumulative epsilon {cumulative} exceeds the budget {budget}");
        }
    }

    // The accounting, redone from the folder alone: the design is rebuilt from the manifest's epsilons,
    // bounds and dropped share, and every noise scale the manifest and measurements.csv state must be the
    // one they give (PublishedRelease refuses any other); then the estimates are derived again from
    // measurements.csv and must be the published tables' values and intervals. A publisher who shrank
    // the noise below what the epsilon claims, or published tables its measurements do not give, fails
    // here even with a valid signature. Intervals may differ by 1 at an end: floating-point rounding of
    // the interval's bounds may differ between machines; values may not differ.
    private static void CheckAccounting(string directory, PackageManifest manifest, ManifestRead? prepared, Action<string, string> problem)
    {
        PublishedRelease release;
        try
        {
            release = PublishedRelease.Load(directory, manifest, prepared);
        }
        catch (InputException e)
        {
            problem(Path.GetFileName(e.Path), $"the accounting does not hold: {e.Message}");
            return;
        }

        var design = release.Design;
        var recomputed = release.Estimator.Publish();
        foreach (var (table, derived) in design.Tables.Zip(recomputed))
        {
            var file = ReleaseFolder.TableFileName(table.Name);
            PublishedTable stated;
            try
            {
                stated = release.Published(table);
            }
            catch (InputException e)
            {
                problem(file, e.Message);
                continue;
            }

            var measures = table.Measures.Length;
            for (var i = 0; i < derived.Display.Length; i++)
            {
                var (s, d) = (stated.Intervals[i], derived.Intervals[i]);
                if (stated.Display[i] != derived.Display[i] || Math.Abs(s.Lower - d.Lower) > 1 || Math.Abs(s.Upper - d.Upper) > 1 || Math.Abs(s.NoiseLower - d.NoiseLower) > 1 || Math.Abs(s.NoiseUpper - d.NoiseUpper) > 1)
                {
                    problem(file, $"line {i / measures + 2}: {Design.Measures.Name(table.Measures[i % measures])} is {stated.Display[i]} ({Describe(s)}), but {ReleaseFolder.MeasurementsFileName} gives {derived.Display[i]} ({Describe(d)}): the table is not the estimate of the release's own measurements");
                    break;
                }
            }
        }
    }

    // The accounting's design and the noise distributions of its cells need the manifest alone: they are
    // prepared on another core while this one checks the signature, the files and the tables, which need
    // neither (issue #22: a verification of the demo's release, 27.0 to 21.9 ms on 2 cores). The design is
    // handed over as soon as it is read; the distributions go on into its model's cache, and the
    // accounting's own pass computes what is not there yet, meeting this one in the middle. A design
    // that cannot be read gives null: the accounting reads it again and reports why. With summaries the
    // estimate is by blocks of models of their own, which are not prepared.
    private static TaskCompletionSource<ManifestRead?> Prepare(string directory, PackageManifest manifest)
    {
        var prepared = new TaskCompletionSource<ManifestRead?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() =>
        {
            ManifestRead? read = null;
            try
            {
                read = ManifestDesign.Read(manifest, Path.Combine(directory, ManifestFile));
                if (read.Value.Design.Summaries.IsEmpty)
                {
                    _ = read.Value.Design.Lattice; // built on first use, which was the accounting's on the main thread (about 0.3 ms of its CPU)
                }
            }
            catch (InputException)
            {
                // The accounting reads the design again, and reports this problem with the others.
            }
            finally
            {
                prepared.SetResult(read);
            }

            if (read?.Design is { Summaries.IsEmpty: true } design)
            {
                ReleaseEstimates.Prepare(design.Model);
            }
        });
        return prepared;
    }

    private static string Describe(PublishedInterval i) => $"{i.Lower} to {i.Upper}, noise alone {i.NoiseLower} to {i.NoiseUpper}";

    private static void CheckChain(string directory, string previousDirectory, PackageManifest manifest, Action<string, string> problem)
    {
        var (bytes, _, unreadable) = Internals.IO.RegularFile.Read(Path.Combine(previousDirectory, ManifestFile), ReleaseFolder.MaxManifestBytes);
        if (bytes is null)
        {
            problem(ManifestFile, $"the previous release {previousDirectory}: its {ManifestFile} {unreadable}");
            return;
        }

        PackageManifest? prior;
        try
        {
            prior = ManifestJson.Read(bytes);
        }
        catch (JsonException e)
        {
            problem(ManifestFile, $"the previous release {previousDirectory}: its {ManifestFile} is malformed: {ManifestJson.Describe(e)}");
            return;
        }

        var expected = ReleaseFolder.Sha256(bytes);
        var privacy = manifest.Privacy;
        if (privacy?.Previous != expected)
        {
            problem(ManifestFile, $"names previous {(string.IsNullOrEmpty(privacy?.Previous) ? "(none)" : privacy.Previous)}, but {previousDirectory}/{ManifestFile} has sha256 {expected}: a release is missing or was replaced");
        }

        if (prior?.Privacy is not { } before)
        {
            problem(ManifestFile, $"the previous release {previousDirectory}: its {ManifestFile} has no privacy property");
            return;
        }

        if (prior.Name != manifest.Name)
        {
            problem(ManifestFile, $"is for dataset {manifest.Name}, the previous release for {prior.Name}");
        }

        // The ledger only grows: this release's head must be past the previous release's, which had
        // at least that release's own entry appended after it. Fewer entries mean the ledger was cut back.
        if (privacy?.LedgerHead?.Entries is { } now && before.LedgerHead?.Entries is { } then && now <= then)
        {
            problem(ManifestFile, $"its ledger head has {now} entries, the previous release's {then}: the ledger only grows, so entries were removed between the two releases");
        }

        if (privacy?.Sequence != before.Sequence + 1)
        {
            problem(ManifestFile, $"has sequence {privacy?.Sequence}, not {before.Sequence + 1} (one more than the previous release's)");
        }

        // Charges of releases that crashed before they appeared count too; the manifest states them.
        if (privacy is not null)
        {
            PeriodAccounting.CheckChain(before, privacy, problem);
        }

        if (privacy?.Calendar is not null && before.Calendar is not null)
        {
            CheckCarried(directory, previousDirectory, manifest, problem);
        }
    }

    // A calendar release carries every earlier measurement: the rows the previous release published must
    // reappear unchanged, in their order, as this release's rows drawn by earlier releases, and no other
    // row may claim an earlier release. (Both files' hashes were checked against their manifests.)
    private static void CheckCarried(string directory, string previousDirectory, PackageManifest manifest, Action<string, string> problem)
    {
        var file = ReleaseFolder.MeasurementsFileName;
        static string[] Rows(string folder, string name) => File.Exists(Path.Combine(folder, name)) ? [.. File.ReadAllLines(Path.Combine(folder, name)).Skip(1)] : [];
        var own = "," + manifest.Privacy!.Sequence!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var earlier = Rows(previousDirectory, file);
        var carried = Rows(directory, file).Where(r => !r.EndsWith(own, StringComparison.Ordinal)).ToArray();
        if (!earlier.SequenceEqual(carried, StringComparer.Ordinal))
        {
            var at = Enumerable.Range(0, Math.Min(earlier.Length, carried.Length)).FirstOrDefault(i => earlier[i] != carried[i], Math.Min(earlier.Length, carried.Length));
            problem(file, $"does not carry the previous release's measurements unchanged ({earlier.Length} rows there, {carried.Length} here from earlier releases; the first difference is at row {at + 1}): a calendar republishes every earlier measurement as it was");
        }
    }

    // A resource path must name a plain file directly inside the release folder.
    private static bool SafePath(string directory, string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path) || path.Contains("..", StringComparison.Ordinal) || path.Contains('/') || path.Contains('\\'))
        {
            return false;
        }

        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(Path.Combine(directory, path)).StartsWith(root, StringComparison.Ordinal);
    }
}
