using System.Collections.Immutable;
using System.Text.Json;
using PrivacyShare.Internals.IO;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// The re-identification risk of a pseudonymized extract, as <c>pseudonymize</c> reports it (the
/// human summary on stderr, <c>--report</c> as JSON). Follows the equivalence-class measures of ARX
/// and sdcMicro.
/// </summary>
internal sealed record RiskReport
{
    /// <summary>The format tag of the JSON form.</summary>
    public const string Format = "privacyshare-risk/1";

    /// <summary>The quasi-identifiers grouped by.</summary>
    public required ImmutableArray<string> QuasiIdentifiers { get; init; }

    /// <summary>The risk of the extract as transformed, before any suppression.</summary>
    public required RiskStatistics Before { get; init; }

    /// <summary>
    /// For each quasi-identifier, the unique records if it were left out (all the others kept),
    /// most reducing first: the top entries are the ones to generalize or drop.
    /// </summary>
    public required ImmutableArray<RiskDriver> WithoutEach { get; init; }

    /// <summary>The pairs of quasi-identifiers that alone make the most records unique.</summary>
    public required ImmutableArray<RiskDriver> UniquestPairs { get; init; }

    /// <summary>The k of <c>--min-k</c>, when records were suppressed.</summary>
    public int? MinK { get; init; }

    /// <summary>Records removed because their class was smaller than <see cref="MinK"/>.</summary>
    public long RecordsRemoved { get; init; }

    /// <summary>The risk of the extract as written, after suppression; null without <c>--min-k</c>.</summary>
    public RiskStatistics? After { get; init; }

    /// <summary>Writes the report as indented JSON with snake_case names.</summary>
    public void WriteJson(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WritePropertyName("quasi_identifiers");
        JsonSerializer.Serialize(json, QuasiIdentifiers, PolicyJsonContext.Default.ImmutableArrayString);
        json.WritePropertyName("before");
        JsonSerializer.Serialize(json, Before, PolicyJsonContext.Default.RiskStatistics);
        json.WritePropertyName("without_each");
        JsonSerializer.Serialize(json, WithoutEach, PolicyJsonContext.Default.ImmutableArrayRiskDriver);
        json.WritePropertyName("uniquest_pairs");
        JsonSerializer.Serialize(json, UniquestPairs, PolicyJsonContext.Default.ImmutableArrayRiskDriver);
        if (MinK is { } k)
        {
            json.WriteNumber("min_k", k);
            json.WriteNumber("records_removed", RecordsRemoved);
            json.WritePropertyName("after");
            JsonSerializer.Serialize(json, After, PolicyJsonContext.Default.RiskStatistics);
        }

        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
