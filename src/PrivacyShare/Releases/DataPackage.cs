using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PrivacyShare.Ledger;

namespace PrivacyShare.Releases;

/// <summary>
/// Writes <c>datapackage.json</c>, a Frictionless Data Package (tabular-data-package profile): one
/// resource per file with its byte count and <c>sha256:</c> hash, a Table Schema for every table, and
/// a <c>privacy</c> property with the accounting an auditor checks.
/// </summary>
internal static class DataPackage
{
    public const string FileName = "datapackage.json";

    public const string SignatureFileName = "datapackage.json.minisig";

    /// <summary>Writes the manifest into <paramref name="folder"/> and returns its bytes.</summary>
    public static byte[] Write(string folder, ReleaseSpec spec, string version, Spending spending, IReadOnlyList<TableRelease> tables)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("profile", "tabular-data-package");
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
                json.WriteStartObject();
                json.WriteString("name", table.Name);
                json.WriteString("path", table.Name + ".csv");
                json.WriteString("profile", "tabular-data-resource");
                json.WriteString("format", "csv");
                json.WriteString("mediatype", "text/csv");
                json.WriteString("encoding", "utf-8");
                WriteFileFacts(json, Path.Combine(folder, table.Name + ".csv"));
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

                var release = tables.Single(t => t.Name == table.Name);
                foreach (var m in table.Measures)
                {
                    Field(json, m, "integer", $"Noisy count of {Describe(m)}: the exact count plus discrete Laplace noise of scale {release.Scale}; unbiased, may be negative");
                    Field(json, m + "_moe95", "integer", $"95% margin of error of {m}: the noise exceeds it with probability at most 5%");
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

            json.WriteStartObject();
            json.WriteString("name", "methodology");
            json.WriteString("path", "METHODOLOGY.md");
            json.WriteString("format", "md");
            json.WriteString("mediatype", "text/markdown");
            json.WriteString("encoding", "utf-8");
            WriteFileFacts(json, Path.Combine(folder, "METHODOLOGY.md"));
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("privacy");
            json.WriteString("mechanism", spec.Mechanism);
            json.WriteString("unit", "person");
            json.WriteNumber("contribution_bound", spec.MaxRecordsPerPerson);
            json.WriteStartArray("tables");
            foreach (var t in tables)
            {
                json.WriteStartObject();
                json.WriteString("name", t.Name);
                json.WritePropertyName("epsilon");
                json.WriteRawValue(t.Epsilon.ToString());
                json.WriteNumber("sensitivity", t.Sensitivity);
                json.WritePropertyName("scale");
                json.WriteRawValue(t.Scale.ToString());
                json.WriteNumber("moe95", t.MarginOfError95);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("epsilon");
            json.WriteRawValue(spec.TotalEpsilon.ToString());
            json.WritePropertyName("cumulative_epsilon");
            json.WriteRawValue(spending.CumulativeEpsilon.ToString());
            json.WritePropertyName("budget");
            json.WriteRawValue(spending.TotalBudget.ToString());
            json.WriteNumber("sequence", spending.Sequence);
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
