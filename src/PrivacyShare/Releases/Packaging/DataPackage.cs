using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PrivacyShare.Ledger;

namespace PrivacyShare.Releases.Packaging;

/// <summary>
/// Writes <c>datapackage.json</c>, a Frictionless Data Package (data-package profile, every table a
/// tabular-data-resource): one resource per file with its byte count and <c>sha256:</c> hash, a Table
/// Schema for every table, and a <c>privacy</c> property with the accounting an auditor checks.
/// </summary>
internal static class DataPackage
{
    public const string FileName = "datapackage.json";

    /// <summary>The most bytes of a datapackage.json any reader takes: far beyond what PrivacyShare writes, so a hostile folder cannot exhaust memory.</summary>
    internal const long MaxManifestBytes = 16 << 20;

    public const string SignatureFileName = "datapackage.json.minisig";

    /// <summary>Writes the manifest into <paramref name="folder"/> and returns its bytes.</summary>
    public static byte[] Write(string folder, ReleaseSpec spec, string version, Reservation spending, IReadOnlyList<Design.TablePlan> tables)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            // "data-package", not "tabular-data-package": METHODOLOGY.md (and the report) are resources
            // too, and a tabular package may hold only tabular resources. Every table is still a
            // tabular-data-resource with a Table Schema (docs/releases.md, "The data package").
            json.WriteString("profile", "data-package");
            json.WriteString("name", spec.Dataset);
            json.WriteString("title", spec.Title);
            json.WriteString("version", version);
            json.WriteString("created", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("publisher", spec.Publisher);
            json.WriteStartArray("contributors");
            json.WriteStartObject();
            json.WriteString("title", spec.Publisher);
            json.WriteString("role", "publisher");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("temporalCoverage");
            json.WriteString("start", spec.From.ToString());
            json.WriteString("end", spec.To.ToString());
            json.WriteEndObject();

            json.WriteStartArray("resources");
            foreach (var table in spec.Tables)
            {
                StartResource(json, folder, table.Name, table.Name + ".csv", "tabular-data-resource", "csv", "text/csv");
                json.WriteStartObject("schema");
                json.WriteStartArray("fields");
                foreach (var d in table.Dimensions)
                {
                    // The domain goes into the schema as an enum constraint, so a verifier can check from
                    // the package alone that every cell is present exactly once.
                    Field(json, d.Name, "string",
                        $"Dimension: every value of the declared domain ({d.Values.Length} values{(d.HasOther ? $", {Dimension.Other} for values outside it" : "")})",
                        d.Values);
                }

                foreach (var m in table.Measures)
                {
                    Field(json, m, "integer", $"Estimated count of {Describe(m)}: a non-negative integer, consistent with every other table of this release (see METHODOLOGY.md)");
                    Field(json, m + "_lower", "integer", $"Lower end of the 95% interval for the true count of {m}");
                    Field(json, m + "_upper", "integer", $"Upper end of the 95% interval for the true count of {m}, widened for the records the contribution bound left out");
                }

                json.WriteEndArray();
                json.WriteStartArray("primaryKey");
                foreach (var d in table.Dimensions)
                {
                    json.WriteStringValue(d.Name);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            StartResource(json, folder, "measurements", Releaser.MeasurementsFileName, "tabular-data-resource", "csv", "text/csv");
            json.WriteStartObject("schema");
            json.WriteStartArray("fields");
            Field(json, "table", "string", "The table (or dropped-records count) the measurement belongs to");
            Field(json, "cell", "string", "The cell: dimension=value pairs joined by ';' (empty for a dropped-records count)");
            Field(json, "stages", "string", "The stages summed: not_matched, matched_no_detainer, detainer_not_removed, removed, joined by '+'");
            Field(json, "noisy_count", "integer", "The exact count plus discrete Laplace noise; unbiased, may be negative");
            Field(json, "noise_scale", "string", "The discrete Laplace scale b of the noise, an exact decimal or fraction");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            StartResource(json, folder, "methodology", "METHODOLOGY.md", "data-resource", "md", "text/markdown");
            json.WriteEndObject();
            StartResource(json, folder, "report", ReleaseReport.FileName, "data-resource", "html", "text/html", "The release for readers: key facts, charts and how to check it");
            json.WriteEndObject();
            json.WriteEndArray();

            // Rationals are written as exact strings ("1/3", "0.5"): a JSON number cannot hold 1/3, and
            // PrivacyShare's verifier and query parse the same text back exactly.
            json.WriteStartObject("privacy");
            json.WriteString("mechanism", spec.Mechanism);
            json.WriteString("unit", "person");
            json.WriteString("dropped_share", spec.DroppedShare.ToString());
            json.WriteNumber("alpha_noise", Estimation.MarginalModel.AlphaNoise);
            json.WriteNumber("alpha_dropped", Estimation.GlsEstimator.AlphaDropped);
            json.WriteStartObject("domains");
            foreach (var d in spec.Dimensions)
            {
                json.WriteStartArray(d.Name);
                foreach (var v in d.Values)
                {
                    json.WriteStringValue(v);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartArray("tables");
            foreach (var table in spec.Tables)
            {
                var t = tables.Single(x => x.Name == table.Name);
                json.WriteStartObject();
                json.WriteString("name", t.Name);
                json.WriteStartArray("dimensions");
                table.Dimensions.ToList().ForEach(d => json.WriteStringValue(d.Name));
                json.WriteEndArray();
                json.WriteStartArray("measures");
                table.Measures.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteStartArray("stage_groups");
                table.Groups.ToList().ForEach(g => json.WriteStringValue(Design.Stages.Describe(g)));
                json.WriteEndArray();
                json.WriteString("epsilon", t.Epsilon.ToString());
                json.WriteString("measurement_epsilon", table.MeasurementEpsilon.ToString());
                json.WriteNumber("contribution_bound", t.Bound);
                json.WriteNumber("sensitivity", t.Sensitivity);
                json.WriteString("scale", t.Scale.ToString());
                json.WriteString("dropped", spec.DroppedClasses[table.DroppedClass].Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("dropped");
            foreach (var c in spec.DroppedClasses)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteNumber("contribution_bound", c.Bound);
                json.WriteString("stages", Design.Stages.Describe(c.Stages));
                json.WriteStartArray("stage_groups");
                c.Groups.ToList().ForEach(g => json.WriteStringValue(Design.Stages.Describe(g)));
                json.WriteEndArray();
                json.WriteString("epsilon", c.Epsilon.ToString());
                json.WriteNumber("sensitivity", c.Bound);
                json.WriteString("scale", c.Scale.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("epsilon", spec.TotalEpsilon.ToString());
            json.WriteString("abandoned_epsilon", spending.AbandonedEpsilon.ToString());
            json.WriteString("cumulative_epsilon", spending.CumulativeEpsilon.ToString());
            json.WriteString("budget", spending.TotalBudget.ToString());
            json.WriteNumber("sequence", spending.Sequence);
            json.WriteStartObject("ledger_head");
            json.WriteNumber("entries", spending.LedgerEntries);
            json.WriteString("hash", spending.LedgerHeadHash);
            json.WriteEndObject();
            json.WriteString("previous", spending.PreviousManifestSha256);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        var bytes = buffer.ToArray();
        File.WriteAllBytes(Path.Combine(folder, FileName), bytes);
        return bytes;
    }

    internal static string Describe(string measure) => measure switch
    {
        "arrests" => "arrests (records)",
        "ident_matches" => "arrests whose fingerprints matched DHS (IDENT) records",
        "detainers" => "arrests with an ICE detainer",
        _ => "arrests that ended in removal",
    };

    // Opens a resource object with what every resource states: name, path, profile, format, media type,
    // encoding, and the file's byte count and hash. The caller adds a schema, if any, and closes it.
    private static void StartResource(Utf8JsonWriter json, string folder, string name, string path, string profile, string format, string mediatype, string? title = null)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("path", path);
        json.WriteString("profile", profile);
        if (title is not null)
        {
            json.WriteString("title", title);
        }

        json.WriteString("format", format);
        json.WriteString("mediatype", mediatype);
        json.WriteString("encoding", "utf-8");
        WriteFileFacts(json, Path.Combine(folder, path));
    }

    private static void WriteFileFacts(Utf8JsonWriter json, string path)
    {
        var bytes = File.ReadAllBytes(path);
        json.WriteNumber("bytes", bytes.Length);
        json.WriteString("hash", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static void Field(Utf8JsonWriter json, string name, string type, string description, IReadOnlyList<string>? domain = null)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("type", type);
        json.WriteString("description", description);
        if (domain is not null)
        {
            json.WriteStartObject("constraints");
            json.WriteBoolean("required", true);
            json.WriteStartArray("enum");
            foreach (var v in domain)
            {
                json.WriteStringValue(v);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
