namespace PrivacyShare.Ledger;

/// <summary>
/// One event of the privacy-budget ledger: a budget set for a dataset (<c>budget</c>); a release's
/// charge (<c>reserve</c>), then its outcome (<c>publish</c> or <c>abandon</c>); or, in ledgers written
/// before reservations, a charge and publication in one (<c>release</c>). Entries form a hash chain:
/// each one's <see cref="Hash"/> covers its fields and the previous entry's hash, so a changed, removed
/// or reordered entry breaks every hash after it; and each carries a <see cref="Mac"/> under the
/// ledger key, so that the chain cannot be recomputed without that key.
/// </summary>
public sealed record LedgerEntry
{
    /// <summary>The entry's position, from 1.</summary>
    public required long Id { get; init; }

    /// <summary>The canonical text's format: 1 for entries written before reservations, 2 since.</summary>
    public int Format { get; init; } = 2;

    /// <summary><c>budget</c>, <c>reserve</c>, <c>publish</c>, <c>abandon</c> or (format 1) <c>release</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The dataset.</summary>
    public required string Dataset { get; init; }

    /// <summary>For a budget entry the new total; otherwise the release's epsilon. Exact decimal or fraction text.</summary>
    public required string Epsilon { get; init; }

    /// <summary>For a release entry: its sequence number within the dataset, from 1.</summary>
    public long? Sequence { get; init; }

    /// <summary>For a published release: its name.</summary>
    public string? Name { get; init; }

    /// <summary>For a published release: its version.</summary>
    public string? Version { get; init; }

    /// <summary>For a published release: sha256 (hex) of its datapackage.json.</summary>
    public string? ManifestSha256 { get; init; }

    /// <summary>For publish and abandon entries: the id of the reserve entry they settle.</summary>
    public long? Reservation { get; init; }

    /// <summary>For a reserve entry: the full path of the release folder.</summary>
    public string? Folder { get; init; }

    /// <summary>When the entry was written (UTC, RFC 3339).</summary>
    public required string CreatedAt { get; init; }

    /// <summary>The previous entry's hash; 64 zeros for the first.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>SHA-256 (hex) of this entry's canonical text, which includes <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>HMAC-SHA256 (hex) under the ledger key of <c>privacyshare-ledger-mac/1\n</c> and <see cref="Hash"/>; null in a ledger not yet upgraded.</summary>
    public string? Mac { get; init; }

    /// <summary>The hash-chain genesis value.</summary>
    public static string Genesis { get; } = new('0', 64);

    /// <summary>Whether this entry charges the budget: a reservation, or a format-1 release.</summary>
    public bool Charges => Kind is "reserve" or "release";

    /// <summary>Whether this entry records a published release: a publish entry, or a format-1 release.</summary>
    public bool Publishes => Kind is "publish" or "release";

    /// <summary>
    /// The text hashed: every field on its own line, in a fixed order (documented in SECURITY.md).
    /// Format 1 has no reservation or folder lines.
    /// </summary>
    public string CanonicalText() => Format == 1
        ? $"privacyshare-ledger/1\n{Id}\n{Kind}\n{Dataset}\n{Epsilon}\n{Sequence}\n{Name}\n{Version}\n{ManifestSha256}\n{CreatedAt}\n{PreviousHash}\n"
        : $"privacyshare-ledger/2\n{Id}\n{Kind}\n{Dataset}\n{Epsilon}\n{Sequence}\n{Name}\n{Version}\n{ManifestSha256}\n{Reservation}\n{Folder}\n{CreatedAt}\n{PreviousHash}\n";

    /// <summary>SHA-256 hex of <paramref name="canonicalText"/>.</summary>
    public static string HashOf(string canonicalText) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonicalText)));

    /// <summary>The text the entry's MAC covers.</summary>
    internal static string MacText(string hash) => $"privacyshare-ledger-mac/1\n{hash}\n";

    /// <summary>The text the head's MAC covers.</summary>
    internal static string HeadText(long entries, string hash) => $"privacyshare-ledger-head/1\n{entries}\n{hash}\n";
}
