namespace PrivacyShare.Ledger;

/// <summary>
/// One event of the privacy-budget ledger: a budget set for a dataset, or a release that spent from
/// it. Entries form a hash chain: each one's <see cref="Hash"/> covers its fields and the previous
/// entry's hash, so a changed, removed or reordered entry breaks every hash after it.
/// </summary>
public sealed record LedgerEntry
{
    /// <summary>The entry's position, from 1.</summary>
    public required long Id { get; init; }

    /// <summary><c>budget</c> or <c>release</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The dataset.</summary>
    public required string Dataset { get; init; }

    /// <summary>For a budget entry the new total; for a release the epsilon it spent. Exact decimal text.</summary>
    public required string Epsilon { get; init; }

    /// <summary>For a release: its sequence number within the dataset, from 1.</summary>
    public long? Sequence { get; init; }

    /// <summary>For a release: its name.</summary>
    public string? Name { get; init; }

    /// <summary>For a release: its version.</summary>
    public string? Version { get; init; }

    /// <summary>For a release: sha256 (hex) of its datapackage.json.</summary>
    public string? ManifestSha256 { get; init; }

    /// <summary>When the entry was written (UTC, RFC 3339).</summary>
    public required string CreatedAt { get; init; }

    /// <summary>The previous entry's hash; 64 zeros for the first.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>SHA-256 (hex) of this entry's canonical text, which includes <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>The hash-chain genesis value.</summary>
    public static string Genesis { get; } = new('0', 64);

    /// <summary>The text hashed: every field on its own line, in a fixed order (documented in SECURITY.md).</summary>
    public static string CanonicalText(long id, string kind, string dataset, string epsilon, long? sequence, string? name,
        string? version, string? manifest, string createdAt, string previousHash) =>
        $"privacyshare-ledger/1\n{id}\n{kind}\n{dataset}\n{epsilon}\n{sequence}\n{name}\n{version}\n{manifest}\n{createdAt}\n{previousHash}\n";

    /// <summary>SHA-256 hex of <paramref name="canonicalText"/>.</summary>
    public static string HashOf(string canonicalText) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonicalText)));
}
