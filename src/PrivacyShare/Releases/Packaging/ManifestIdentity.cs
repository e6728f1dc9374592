using System.Text.Json;

namespace PrivacyShare.Releases.Packaging;

/// <summary>
/// What ties a datapackage.json to the ledger: its dataset, version, sequence number and ledger head
/// hash (the reserve entry that charged it). Read leniently, each part null when absent or mistyped:
/// for matching folders to ledger entries, not for verifying a release (<see cref="ReleaseVerifier"/> does that).
/// </summary>
internal sealed record ManifestIdentity(string? Dataset, string? Version, long? Sequence, string? LedgerHeadHash)
{
    /// <summary>The identity in <paramref name="manifest"/>; all null when it is not a JSON object.</summary>
    public static ManifestIdentity Of(byte[] manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, null, null, null);
            }

            var privacy = root.TryGetProperty("privacy", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            var head = privacy.ValueKind == JsonValueKind.Object && privacy.TryGetProperty("ledger_head", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
            return new(
                String(root, "name"),
                String(root, "version"),
                privacy.ValueKind == JsonValueKind.Object && privacy.TryGetProperty("sequence", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : null,
                String(head, "hash"));
        }
        catch (JsonException)
        {
            return new(null, null, null, null);
        }
    }

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
