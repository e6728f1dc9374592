namespace PrivacyShare.Ledger;

/// <summary>
/// One event of the privacy-budget ledger: a budget set for a dataset (<c>budget</c>); a release's
/// charge (<c>reserve</c>), then its outcome (<c>publish</c> or <c>abandon</c>). Entries form a hash chain:
/// each one's <see cref="Hash"/> covers its fields and the previous entry's hash, so a changed, removed
/// or reordered entry breaks every hash after it; and each carries a <see cref="Mac"/> under the
/// ledger key, so that the chain cannot be recomputed without that key.
/// </summary>
internal sealed record LedgerEntry
{
    /// <summary>The entry's position, from 1.</summary>
    public required long Id { get; init; }

    /// <summary>The canonical encoding's format (4: length-prefixed fields, with periods, reason and ledger sequence; SECURITY.md).</summary>
    public int Format { get; init; } = 4;

    /// <summary><c>budget</c>, <c>reserve</c>, <c>publish</c> or <c>abandon</c>.</summary>
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

    /// <summary>For a reserve entry: the months the release reads, <c>FROM..TO</c> (<see cref="PeriodRange"/>).</summary>
    public string? Periods { get; init; }

    /// <summary>
    /// For a reserve entry: <c>every</c> when the epsilon is charged to every period (a one-shot release,
    /// whose contribution cap is its own), <c>read</c> when only to the months read (a calendar release,
    /// under the calendar's cap across periods).
    /// </summary>
    public string? ChargedTo { get; init; }

    /// <summary>For a budget entry: why the budget was set or changed, as the operator gave it (required to raise one).</summary>
    public string? Reason { get; init; }

    /// <summary>For a reserve entry: the release's number among every release the ledger has charged, of all datasets, from 1.</summary>
    public long? LedgerSequence { get; init; }

    /// <summary>
    /// For a calendar release's reserve entry: SHA-256 (hex) of the calendar store written with the
    /// charge (<see cref="CalendarStore"/>); from then on it is the dataset's store, published or not.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>When the entry was written (UTC, RFC 3339).</summary>
    public required string CreatedAt { get; init; }

    /// <summary>The previous entry's hash; 64 zeros for the first.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>SHA-256 (hex) of this entry's canonical text, which includes <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>HMAC-SHA256 (hex) under the ledger key of <c>privacyshare-ledger-mac/1\n</c> and <see cref="Hash"/>; an entry without one was not written by PrivacyShare.</summary>
    public string? Mac { get; init; }

    /// <summary>The hash-chain genesis value.</summary>
    public static string Genesis { get; } = new('0', 64);

    /// <summary>Whether the entry charges epsilon (a reserve entry).</summary>
    public bool Charges => Kind == "reserve";

    /// <summary>Whether the entry records a published release.</summary>
    public bool Publishes => Kind == "publish";

    /// <summary>The months the charge of a reserve entry falls on: null for every period.</summary>
    public PeriodRange? ChargedMonths =>
        ChargedTo == "read" && PeriodRange.TryParse(Periods, out var range) ? range : null;

    /// <summary>
    /// The bytes the hash covers: <c>privacyshare-ledger/4</c> and a newline, then each field in a fixed
    /// order as its UTF-8 byte length, a colon, the bytes and a newline, or a dash and a newline when it
    /// is absent. A length-prefixed encoding is unambiguous: no rewriting of fields (a newline moved from
    /// one field into the next) keeps the same bytes, as newline-joined text did.
    /// </summary>
    public byte[] Canonical()
    {
        using var bytes = new MemoryStream();
        void Field(string? value)
        {
            var text = value is null ? "-\n" : $"{System.Text.Encoding.UTF8.GetByteCount(value)}:{value}\n";
            bytes.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        bytes.Write("privacyshare-ledger/4\n"u8);
        Field(Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(Kind);
        Field(Dataset);
        Field(Epsilon);
        Field(Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(Name);
        Field(Version);
        Field(ManifestSha256);
        Field(Reservation?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(Folder);
        Field(Periods);
        Field(ChargedTo);
        Field(Reason);
        Field(LedgerSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(Store);
        Field(CreatedAt);
        Field(PreviousHash);
        return bytes.ToArray();
    }

    /// <summary>SHA-256 (lower-case hex) of <paramref name="canonical"/>.</summary>
    public static string HashOf(byte[] canonical) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical));

    internal static string MacText(string hash) => $"privacyshare-ledger-mac/1\n{hash}\n";

    /// <summary>The text the head's MAC covers.</summary>
    internal static string HeadText(long entries, string hash, string state) => $"privacyshare-ledger-head/2\n{entries}\n{hash}\n{state}\n";
}
