namespace PrivacyShare.Releases.Manifest;

/// <summary>The ledger's head after the release's charge: its entry count and the reserve entry's hash.</summary>
internal sealed class ManifestLedgerHead
{
    public long? Entries { get; set; }

    public string? Hash { get; set; }
}
