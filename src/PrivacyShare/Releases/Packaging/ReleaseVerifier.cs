using System.Security.Cryptography;
using System.Text.Json;
using PrivacyShare.Csv;
using PrivacyShare.Privacy;
using PrivacyShare.Signing;

namespace PrivacyShare.Releases.Packaging;

/// <summary>
/// Checks a release folder the way an auditor would, without trusting the tool that made it: the
/// minisign signature and trusted comment, every resource's size and SHA-256 against the manifest, no
/// file beyond the manifest, its signature and the listed resources, each table against its Table
/// Schema (header, integer cells, every cell of the declared domain exactly once), and the privacy
/// accounting; with a previous release, the chain link between the two.
/// </summary>
public static class ReleaseVerifier
{
    /// <summary>Verifies <paramref name="directory"/>.</summary>
    /// <exception cref="InputException">The folder cannot be read at all (it does not exist).</exception>
    public static VerificationReport Verify(string directory, SigningPublicKey publicKey, string? previousDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!Directory.Exists(directory))
        {
            throw Throw.Input(directory, null, null, "no such release folder");
        }

        var problems = new List<VerificationProblem>();
        void Problem(string file, string reason) => problems.Add(new VerificationProblem(file, reason));

        var manifestPath = Path.Combine(directory, DataPackage.FileName);
        var (read, failure, unreadable) = IO.RegularFile.Read(manifestPath, MaxManifestBytes);
        if (read is not { } manifestBytes)
        {
            Problem(DataPackage.FileName, failure == IO.RegularFile.ReadFailure.Missing ? "is missing: this folder is not a release" : unreadable!);
            return new VerificationReport { Directory = directory, Problems = [.. problems] };
        }

        var manifestSha = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        string? trusted = null;
        var signaturePath = Path.Combine(directory, DataPackage.SignatureFileName);
        var (signatureBytes, signatureFailure, signatureProblem) = IO.RegularFile.Read(signaturePath, MaxSignatureBytes);
        if (signatureBytes is null)
        {
            Problem(DataPackage.SignatureFileName, signatureFailure == IO.RegularFile.ReadFailure.Missing ? "is missing: the release is unsigned" : signatureProblem!);
        }
        else
        {
            var check = publicKey.Verify(System.Text.Encoding.UTF8.GetString(signatureBytes), manifestBytes);
            if (check.IsValid)
            {
                trusted = check.TrustedComment;
            }
            else
            {
                Problem(DataPackage.SignatureFileName, check.Problem!);
            }
        }

        JsonDocument manifest;
        try
        {
            manifest = JsonDocument.Parse(manifestBytes, StrictJson);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            Problem(DataPackage.FileName, $"is not valid JSON: {e.Message}");
            return new VerificationReport { Directory = directory, Problems = [.. problems], ManifestSha256 = manifestSha };
        }

        using (manifest)
        {
            var root = manifest.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !System.Text.Unicode.Utf8.IsValid(manifestBytes))
            {
                Problem(DataPackage.FileName, "is not a JSON object in valid UTF-8");
                return new VerificationReport { Directory = directory, Problems = [.. problems], ManifestSha256 = manifestSha };
            }

            var dataset = String(root, "name");
            var version = String(root, "version");
            var privacy = root.TryGetProperty("privacy", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            long? sequence = privacy.ValueKind == JsonValueKind.Object && privacy.TryGetProperty("sequence", out var seq) && seq.ValueKind == JsonValueKind.Number && seq.TryGetInt64(out var s) ? s : null;
            var previous = privacy.ValueKind == JsonValueKind.Object ? String(privacy, "previous") : null;

            if (trusted is not null)
            {
                // file: is required; release: and seq: are PrivacyShare's additions, checked when present, so
                // that a plain `minisign -Sm datapackage.json` signature is accepted too.
                var fields = trusted.Split('\t');
                foreach (var (key, expected) in new[] { ("file:", $"file:{DataPackage.FileName}"), ("release:", $"release:{dataset}@{version}"), ("seq:", $"seq:{sequence}") })
                {
                    var present = fields.Where(f => f.StartsWith(key, StringComparison.Ordinal)).ToArray();
                    if ((key == "file:" || present.Length > 0) && !present.SequenceEqual([expected]))
                    {
                        Problem(DataPackage.SignatureFileName, $"the trusted comment does not say {expected} (it says: {trusted})");
                    }
                }
            }

            var listed = new HashSet<string>(StringComparer.Ordinal) { DataPackage.FileName, DataPackage.SignatureFileName };
            var published = new List<PublishedValues>();
            if (!root.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
            {
                Problem(DataPackage.FileName, "has no resources list");
            }
            else
            {
                foreach (var resource in resources.EnumerateArray())
                {
                    var path = String(resource, "path") ?? "";
                    if (!SafePath(directory, path) || !listed.Add(path))
                    {
                        Problem(DataPackage.FileName, $"lists the resource path '{path}', which is absolute, contains '..', leaves the release folder or is listed twice");
                        continue;
                    }

                    // Read no more than the manifest says the file holds: a larger file is already wrong.
                    var stated = resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("bytes", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var n) && n is >= 0 and <= MaxResourceBytes ? n : -1;
                    if (stated < 0)
                    {
                        Problem(path, $"its bytes in datapackage.json must be a whole number from 0 to {MaxResourceBytes:N0}");
                        continue;
                    }

                    var full = Path.Combine(directory, path);
                    var (bytes, why, problem) = IO.RegularFile.Read(full, stated);
                    if (bytes is null)
                    {
                        Problem(path, why switch
                        {
                            IO.RegularFile.ReadFailure.Missing => "is listed in datapackage.json but missing",
                            IO.RegularFile.ReadFailure.TooLarge => $"has more bytes than the {stated:N0} datapackage.json says",
                            _ => problem!,
                        });
                        continue;
                    }

                    if (bytes.Length != stated)
                    {
                        Problem(path, $"has {bytes.Length} bytes, but datapackage.json says {stated}");
                    }

                    var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
                    if (String(resource, "hash") != hash)
                    {
                        Problem(path, "its SHA-256 differs from the hash in datapackage.json: the file was changed");
                    }

                    if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("schema", out var schema))
                    {
                        try
                        {
                            if (CheckTable(bytes, path, schema, Problem) is { } table)
                            {
                                published.Add(table);
                            }
                        }
                        catch (Exception e) when (e is InvalidOperationException or FormatException)
                        {
                            Problem(path, $"its schema in datapackage.json is malformed: {e.Message}");
                        }
                    }
                    else if (path.EndsWith(".csv", StringComparison.Ordinal))
                    {
                        Problem(path, "is a table without a Table Schema in datapackage.json");
                    }
                }
            }

            foreach (var file in Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName))
            {
                if (!listed.Contains(file!))
                {
                    Problem(file!, "is not listed in datapackage.json: nothing may be added to a release");
                }
            }

            PublishedValues.CheckConsistency(published, Problem);
            CheckPrivacy(privacy, Problem);
            if (problems.Count == 0)
            {
                CheckAccounting(directory, Problem);
            }
            if (previousDirectory is not null)
            {
                CheckChain(previousDirectory, privacy, dataset, sequence, previous, Problem);
            }

            return new VerificationReport
            {
                Directory = directory,
                Problems = [.. problems],
                Dataset = dataset,
                Version = version,
                Sequence = sequence,
                ManifestSha256 = manifestSha,
                Previous = previous,
                TrustedComment = trusted,
            };
        }
    }

    // The accounting, redone from the folder alone: the design is rebuilt from the manifest's epsilons,
    // bounds and dropped share, and every noise scale the manifest and measurements.csv state must be the
    // one they give (PublishedRelease.Load refuses any other); then the estimates are derived again from
    // measurements.csv and must be the published tables' values and intervals. A publisher who shrank
    // the noise below what the epsilon claims, or published tables its measurements do not give, fails
    // here even with a valid signature. Intervals may differ by 1 at an end: floating-point rounding of
    // the interval's bounds may differ between machines; values may not differ.
    private static void CheckAccounting(string directory, Action<string, string> problem)
    {
        Querying.PublishedRelease release;
        try
        {
            release = Querying.PublishedRelease.Load(directory);
        }
        catch (InputException e)
        {
            problem(Path.GetFileName(e.Path), $"the accounting does not hold: {e.Message}");
            return;
        }

        var recomputed = Estimation.ReleaseEstimates.Compute(release.Spec, release.Estimator);
        foreach (var (table, derived) in release.Spec.Tables.Zip(recomputed))
        {
            Estimation.PublishedTable stated;
            try
            {
                stated = release.Published(table);
            }
            catch (InputException e)
            {
                problem(table.Name + ".csv", e.Message);
                continue;
            }

            var measures = table.Measures.Length;
            for (var i = 0; i < derived.Display.Length; i++)
            {
                if (stated.Display[i] != derived.Display[i] || Math.Abs(stated.Lower[i] - derived.Lower[i]) > 1 || Math.Abs(stated.Upper[i] - derived.Upper[i]) > 1)
                {
                    problem(table.Name + ".csv", $"line {i / measures + 2}: {table.Measures[i % measures]} is {stated.Display[i]} ({stated.Lower[i]} to {stated.Upper[i]}), but {Releaser.MeasurementsFileName} gives {derived.Display[i]} ({derived.Lower[i]} to {derived.Upper[i]}): the table is not the estimate of the release's own measurements");
                    break;
                }
            }
        }
    }

    // The table's header, types and domains; every cell exactly once. Returns the published values of a
    // table of counts (dimensions with domains, then measure, measure_lower, measure_upper) for the
    // consistency checks, or null for another table (measurements.csv) or when a problem was found.
    private static PublishedValues? CheckTable(byte[] bytes, string path, JsonElement schema, Action<string, string> problem)
    {
        if (!schema.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Array)
        {
            problem(path, "its schema has no fields");
            return null;
        }

        var fields = fieldsElement.EnumerateArray().Select(f => (Name: String(f, "name") ?? "", Type: String(f, "type") ?? "",
            Domain: f.TryGetProperty("constraints", out var c) && c.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(v => v.GetString() ?? "").ToArray() : null)).ToArray();
        var values = PublishedValues.ForSchema(path, [.. fields.Select(f => (f.Name, f.Type, f.Domain is not null))]);
        try
        {
            using var reader = CsvTableReader.Open(path, new MemoryStream(bytes, writable: false));
            if (!reader.Header.SequenceEqual(fields.Select(f => f.Name), StringComparer.Ordinal))
            {
                problem(path, $"its header ({string.Join(",", reader.Header)}) differs from the schema ({string.Join(",", fields.Select(f => f.Name))})");
                return null;
            }

            var dims = Enumerable.Range(0, fields.Length).Where(i => fields[i].Domain is not null).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var expectedCells = dims.Aggregate(1L, (n, i) => n * fields[i].Domain!.Length);
            var numbers = new long[fields.Length];
            var rows = new List<string[]>();
            while (reader.MoveNext())
            {
                rows.Add([.. Enumerable.Range(0, fields.Length).Select(i => reader[i].ToString())]);
                for (var i = 0; i < fields.Length; i++)
                {
                    var value = reader[i];
                    if (fields[i].Type == "integer" && !long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
                    {
                        problem(path, $"line {reader.Line}: '{Throw.Show(value)}' in {fields[i].Name} is not an integer");
                        return null;
                    }

                    if (fields[i].Domain is { } domain && !domain.Contains(value.ToString()))
                    {
                        problem(path, $"line {reader.Line}: '{Throw.Show(value)}' is not in the declared domain of {fields[i].Name}");
                        return null;
                    }
                }

                // measurements.csv has no dimension fields: its rows are not cells of a domain.
                if (dims.Length > 0 && !seen.Add(string.Join('\u001F', dims.Select(i => reader[i].ToString()))))
                {
                    problem(path, $"line {reader.Line}: a cell appears twice");
                    return null;
                }

                if (values is not null && !values.Add(reader.Line, [.. dims.Select(i => reader[i].ToString())], numbers, problem))
                {
                    return null;
                }
            }

            if (dims.Length > 0 && seen.Count != expectedCells)
            {
                problem(path, $"has {seen.Count} cells but its declared domains have {expectedCells}: cells are missing");
                return null;
            }

            if (!Canonical(bytes, [.. fields.Select(f => f.Name)], [.. fields.Select(f => f.Type == "integer")], rows))
            {
                problem(path, "is not in the canonical form PrivacyShare writes (UTF-8 without BOM, LF line ends, integers without sign, quotes or leading zeros): it was edited");
                return null;
            }
        }
        catch (InputException e)
        {
            problem(path, e.Problem);
            return null;
        }

        return values;
    }

    private static void CheckPrivacy(JsonElement privacy, Action<string, string> problem)
    {
        if (privacy.ValueKind != JsonValueKind.Object)
        {
            problem(DataPackage.FileName, "has no privacy property");
            return;
        }

        try
        {
            var tables = privacy.GetProperty("tables").EnumerateArray().Select(t => RationalOf(t.GetProperty("epsilon"))).ToList();
            var total = RationalOf(privacy.GetProperty("epsilon"));
            if (tables.Count == 0 || tables.Any(e => e.Sign <= 0) || total.Sign <= 0)
            {
                problem(DataPackage.FileName, "its privacy property has an epsilon that is zero or negative, or no tables: every epsilon is above 0");
                return;
            }

            var sum = PrivacyAccounting.Compose(tables);
            if (sum != total)
            {
                problem(DataPackage.FileName, $"the tables' epsilons add up to {sum}, but the release's epsilon is {total}");
            }

            if (privacy.GetProperty("sequence") is not { ValueKind: JsonValueKind.Number } sequence || !sequence.TryGetInt64(out var n) || n < 1)
            {
                problem(DataPackage.FileName, "its privacy.sequence must be a whole number from 1");
            }

            if (privacy.GetProperty("previous").ValueKind != JsonValueKind.String)
            {
                problem(DataPackage.FileName, "its privacy.previous must be a string (a SHA-256 in hex, or empty for a first release)");
            }

            if (Abandoned(privacy).Sign < 0)
            {
                problem(DataPackage.FileName, "its privacy.abandoned_epsilon is negative: charges are never refunded");
            }

            var cumulative = RationalOf(privacy.GetProperty("cumulative_epsilon"));
            var budget = RationalOf(privacy.GetProperty("budget"));
            if (cumulative > budget)
            {
                problem(DataPackage.FileName, $"its cumulative epsilon {cumulative} exceeds the budget {budget}");
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            problem(DataPackage.FileName, $"its privacy property is incomplete or malformed: {e.Message}");
        }
    }

    private static void CheckChain(string previousDirectory, JsonElement privacy, string? dataset, long? sequence, string? previous, Action<string, string> problem)
    {
        var previousManifest = Path.Combine(previousDirectory, DataPackage.FileName);
        var (read, _, unreadable) = IO.RegularFile.Read(previousManifest, MaxManifestBytes);
        if (read is not { } bytes)
        {
            problem(DataPackage.FileName, $"the previous release {previousDirectory}: its {DataPackage.FileName} {unreadable}");
            return;
        }

        try
        {
            CheckLink(previousDirectory, privacy, dataset, sequence, previous, bytes, problem);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            problem(DataPackage.FileName, $"the previous release {previousDirectory}: its {DataPackage.FileName} is malformed: {e.Message}");
        }
    }

    private static void CheckLink(string previousDirectory, JsonElement privacy, string? dataset, long? sequence, string? previous, byte[] bytes, Action<string, string> problem)
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (previous != expected)
        {
            problem(DataPackage.FileName, $"names previous {(string.IsNullOrEmpty(previous) ? "(none)" : previous)}, but {previousDirectory}/{DataPackage.FileName} has sha256 {expected}: a release is missing or was replaced");
        }

        using var prior = JsonDocument.Parse(bytes, StrictJson);
        var priorPrivacy = prior.RootElement.GetProperty("privacy");
        if (String(prior.RootElement, "name") != dataset)
        {
            problem(DataPackage.FileName, $"is for dataset {dataset}, the previous release for {String(prior.RootElement, "name")}");
        }

        // The ledger only grows: this release's head must be past the previous release's, which had
        // at least that release's own entry appended after it. Fewer entries mean the ledger was cut back.
        if (privacy.ValueKind == JsonValueKind.Object && privacy.TryGetProperty("ledger_head", out var head) && priorPrivacy.TryGetProperty("ledger_head", out var priorHead))
        {
            var (now, before) = (head.GetProperty("entries").GetInt64(), priorHead.GetProperty("entries").GetInt64());
            if (now <= before)
            {
                problem(DataPackage.FileName, $"its ledger head has {now} entries, the previous release's {before}: the ledger only grows, so entries were removed between the two releases");
            }
        }

        var priorSequence = priorPrivacy.GetProperty("sequence").GetInt64();
        if (sequence != priorSequence + 1)
        {
            problem(DataPackage.FileName, $"has sequence {sequence}, not {priorSequence + 1} (one more than the previous release's)");
        }

        if (privacy.ValueKind == JsonValueKind.Object)
        {
            // Charges of releases that crashed before they appeared count too; the manifest states them.
            var abandoned = Abandoned(privacy);
            var expectedCumulative = RationalOf(priorPrivacy.GetProperty("cumulative_epsilon")) + abandoned + RationalOf(privacy.GetProperty("epsilon"));
            var cumulative = RationalOf(privacy.GetProperty("cumulative_epsilon"));
            if (cumulative != expectedCumulative)
            {
                problem(DataPackage.FileName, $"has cumulative epsilon {cumulative}, but the previous release's cumulative, plus {abandoned} abandoned since, plus this release's is {expectedCumulative}");
            }
        }
    }

    // Whether the bytes are exactly what PrivacyShare's writer makes of these rows: one canonical form,
    // so that two files with the same meaning have the same hash and nothing hides in formatting.
    private static bool Canonical(byte[] bytes, string[] header, bool[] integer, List<string[]> rows)
    {
        using var canonical = new MemoryStream();
        using (var writer = new CsvTableWriter(canonical, header))
        {
            foreach (var cells in rows)
            {
                using var row = writer.NewRow();
                for (var i = 0; i < cells.Length; i++)
                {
                    if (integer[i])
                    {
                        CsvTableWriter.SetValue(row, i, long.Parse(cells[i], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        writer.SetText(row, i, cells[i]);
                    }
                }
            }

            writer.Complete();
        }

        return canonical.ToArray().AsSpan().SequenceEqual(bytes);
    }

    // A manifest with a key twice is malformed: readers disagree on which value counts.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    // Limits that no release PrivacyShare writes comes near, so that a hostile folder cannot exhaust memory.
    private const long MaxManifestBytes = DataPackage.MaxManifestBytes;
    private const long MaxSignatureBytes = 64 << 10;
    private const long MaxResourceBytes = 1L << 30;

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

    // Epsilon charged to releases that never appeared since the previous one; absent in releases made
    // before reservations, which had none.
    private static Rational Abandoned(JsonElement privacy) =>
        privacy.TryGetProperty("abandoned_epsilon", out var a) ? RationalOf(a) : Rational.Zero;

    // An exact rational written as a JSON string ("1/3", "0.5") or, in older releases, a JSON number.
    private static Rational RationalOf(JsonElement e) => RationalJson.Read(e);

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
