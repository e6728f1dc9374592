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
            throw new InputException(directory, null, null, "no such release folder");
        }

        var problems = new List<VerificationProblem>();
        void Problem(string file, string reason) => problems.Add(new VerificationProblem(file, reason));

        var manifestPath = Path.Combine(directory, DataPackage.FileName);
        if (!File.Exists(manifestPath))
        {
            Problem(DataPackage.FileName, "is missing: this folder is not a release");
            return new VerificationReport { Directory = directory, Problems = [.. problems] };
        }

        var manifestBytes = File.ReadAllBytes(manifestPath);
        var manifestSha = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        string? trusted = null;
        var signaturePath = Path.Combine(directory, DataPackage.SignatureFileName);
        if (!File.Exists(signaturePath))
        {
            Problem(DataPackage.SignatureFileName, "is missing: the release is unsigned");
        }
        else
        {
            var check = publicKey.Verify(File.ReadAllText(signaturePath), manifestBytes);
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
            manifest = JsonDocument.Parse(manifestBytes);
        }
        catch (JsonException e)
        {
            Problem(DataPackage.FileName, $"is not valid JSON: {e.Message}");
            return new VerificationReport { Directory = directory, Problems = [.. problems], ManifestSha256 = manifestSha };
        }

        using (manifest)
        {
            var root = manifest.RootElement;
            var dataset = String(root, "name");
            var version = String(root, "version");
            var privacy = root.TryGetProperty("privacy", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            long? sequence = privacy.ValueKind == JsonValueKind.Object && privacy.TryGetProperty("sequence", out var seq) && seq.TryGetInt64(out var s) ? s : null;
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
                    if (!SafePath(directory, path))
                    {
                        Problem(DataPackage.FileName, $"lists the resource path '{path}', which is absolute, contains '..' or leaves the release folder");
                        continue;
                    }

                    listed.Add(path);
                    var full = Path.Combine(directory, path);
                    if (!File.Exists(full))
                    {
                        Problem(path, "is listed in datapackage.json but missing");
                        continue;
                    }

                    var bytes = File.ReadAllBytes(full);
                    if (!resource.TryGetProperty("bytes", out var size) || !size.TryGetInt64(out var n) || n != bytes.Length)
                    {
                        Problem(path, $"has {bytes.Length} bytes, but datapackage.json says {(resource.TryGetProperty("bytes", out var b) ? b.GetRawText() : "nothing")}");
                    }

                    var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
                    if (String(resource, "hash") != hash)
                    {
                        Problem(path, "its SHA-256 differs from the hash in datapackage.json: the file was changed");
                    }

                    if (resource.TryGetProperty("schema", out var schema) && CheckTable(full, path, schema, Problem) is { } table)
                    {
                        published.Add(table);
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

    // The table's header, types and domains; every cell exactly once. Returns the published values of a
    // table of counts (dimensions with domains, then measure, measure_lower, measure_upper) for the
    // consistency checks, or null for another table (measurements.csv) or when a problem was found.
    private static PublishedValues? CheckTable(string full, string path, JsonElement schema, Action<string, string> problem)
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
            using var reader = CsvTableReader.Open(full);
            if (!reader.Header.SequenceEqual(fields.Select(f => f.Name)))
            {
                problem(path, $"its header ({string.Join(",", reader.Header)}) differs from the schema ({string.Join(",", fields.Select(f => f.Name))})");
                return null;
            }

            var dims = Enumerable.Range(0, fields.Length).Where(i => fields[i].Domain is not null).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var expectedCells = dims.Aggregate(1L, (n, i) => n * fields[i].Domain!.Length);
            var numbers = new long[fields.Length];
            while (reader.MoveNext())
            {
                for (var i = 0; i < fields.Length; i++)
                {
                    var value = reader[i];
                    if (fields[i].Type == "integer" && !long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
                    {
                        problem(path, $"line {reader.Line}: '{value}' in {fields[i].Name} is not an integer");
                        return null;
                    }

                    if (fields[i].Domain is { } domain && !domain.Contains(value.ToString()))
                    {
                        problem(path, $"line {reader.Line}: '{value}' is not in the declared domain of {fields[i].Name}");
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
            var tables = privacy.GetProperty("tables").EnumerateArray().Select(t => RationalOf(t.GetProperty("epsilon")));
            var sum = PrivacyAccounting.Compose(tables);
            var total = RationalOf(privacy.GetProperty("epsilon"));
            if (sum != total)
            {
                problem(DataPackage.FileName, $"the tables' epsilons add up to {sum}, but the release's epsilon is {total}");
            }

            var cumulative = RationalOf(privacy.GetProperty("cumulative_epsilon"));
            var budget = RationalOf(privacy.GetProperty("budget"));
            if (cumulative > budget)
            {
                problem(DataPackage.FileName, $"its cumulative epsilon {cumulative} exceeds the budget {budget}");
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or InvalidOperationException)
        {
            problem(DataPackage.FileName, $"its privacy property is incomplete or malformed: {e.Message}");
        }
    }

    private static void CheckChain(string previousDirectory, JsonElement privacy, string? dataset, long? sequence, string? previous, Action<string, string> problem)
    {
        var previousManifest = Path.Combine(previousDirectory, DataPackage.FileName);
        if (!File.Exists(previousManifest))
        {
            problem(DataPackage.FileName, $"the previous release {previousDirectory} has no {DataPackage.FileName}");
            return;
        }

        var bytes = File.ReadAllBytes(previousManifest);
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (previous != expected)
        {
            problem(DataPackage.FileName, $"names previous {(string.IsNullOrEmpty(previous) ? "(none)" : previous)}, but {previousDirectory}/{DataPackage.FileName} has sha256 {expected}: a release is missing or was replaced");
        }

        using var prior = JsonDocument.Parse(bytes);
        var priorPrivacy = prior.RootElement.GetProperty("privacy");
        if (String(prior.RootElement, "name") != dataset)
        {
            problem(DataPackage.FileName, $"is for dataset {dataset}, the previous release for {String(prior.RootElement, "name")}");
        }

        var priorSequence = priorPrivacy.GetProperty("sequence").GetInt64();
        if (sequence != priorSequence + 1)
        {
            problem(DataPackage.FileName, $"has sequence {sequence}, not {priorSequence + 1} (one more than the previous release's)");
        }

        if (privacy.ValueKind == JsonValueKind.Object)
        {
            var expectedCumulative = RationalOf(priorPrivacy.GetProperty("cumulative_epsilon")) + RationalOf(privacy.GetProperty("epsilon"));
            var cumulative = RationalOf(privacy.GetProperty("cumulative_epsilon"));
            if (cumulative != expectedCumulative)
            {
                problem(DataPackage.FileName, $"has cumulative epsilon {cumulative}, but the previous release's cumulative plus this release's is {expectedCumulative}");
            }
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

    // An exact rational written as a JSON string ("1/3", "0.5") or, in older releases, a JSON number.
    private static Rational RationalOf(JsonElement e) =>
        Rational.Parse(e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText());

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
