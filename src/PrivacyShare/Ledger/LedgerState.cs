using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>
/// One dataset's budget state, as the ledger's entries add up to it: what a write needs to decide, kept
/// beside the entries so that a release reads one row instead of the whole ledger. The head's MAC covers
/// a digest of every dataset's state, so a state row changed without the key is caught as surely as a
/// changed entry; <c>ledger verify</c> also recomputes every state from the entries.
/// </summary>
internal sealed record LedgerState
{
    public required string Dataset { get; init; }

    /// <summary>The budget, or null before one is set.</summary>
    public string? Total { get; init; }

    /// <summary>Every charge so far, published, abandoned or open, by period (<see cref="PeriodCharges"/>).</summary>
    public string Charges { get; init; } = PeriodCharges.None.ToString();

    /// <summary>The person-level epsilon spent: the every-period charges plus the most-charged month.</summary>
    public Rational Spent => PeriodCharges.Parse(Charges).PersonLevel;

    /// <summary>Published releases.</summary>
    public long Releases { get; init; }

    /// <summary>Reserve entries: every release charged, published, abandoned or open (the ledger-wide sequence adds these up).</summary>
    public long Reserves { get; init; }

    /// <summary>sha256 of the last published release's datapackage.json.</summary>
    public string? LastManifest { get; init; }

    /// <summary>The reserve entry of the last published release: the next manifest states the budget changes after it.</summary>
    public long? LastPublishedReserve { get; init; }

    /// <summary>
    /// Charges abandoned since the last published release, each <c>every=E</c> or <c>FROM..TO=E</c>,
    /// joined by <c>;</c>; empty when none. The next release states them, so that its manifest's charges
    /// add up from the previous one's.
    /// </summary>
    public string Abandoned { get; init; } = "";

    /// <summary>SHA-256 of the dataset's calendar store: the one the last calendar charge wrote; null before any.</summary>
    public string? Store { get; init; }

    /// <summary>The open reserve entry, if any.</summary>
    public long? Open { get; init; }

    /// <summary>The last entry of this dataset.</summary>
    public long LastEntry { get; init; }

    /// <summary>The state after <paramref name="e"/>, an entry of this dataset that PrivacyShare would write.</summary>
    public LedgerState Apply(LedgerEntry e)
    {
        var epsilon = Rational.Parse(e.Epsilon);
        return e.Kind switch
        {
            "budget" => this with { Total = e.Epsilon, LastEntry = e.Id },
            "reserve" => this with { Charges = PeriodCharges.Parse(Charges).Add(e.ChargedMonths, epsilon).ToString(), Reserves = Reserves + 1, Open = e.Id, Store = e.Store ?? Store, LastEntry = e.Id },
            "publish" => this with { Releases = Releases + 1, LastManifest = e.ManifestSha256, LastPublishedReserve = e.Reservation, Abandoned = "", Open = null, LastEntry = e.Id },
            "abandon" => this with { Abandoned = string.Join(';', AbandonedCharges.Append((e.ChargedMonths, epsilon)).Select(Text)), Open = null, LastEntry = e.Id },
            _ => throw Throw.Bug($"unknown ledger entry kind {e.Kind}"),
        };
    }

    /// <summary>The charges abandoned since the last published release: the months charged (null for every period) and the epsilon.</summary>
    public IReadOnlyList<(PeriodRange? Months, Rational Epsilon)> AbandonedCharges =>
        [.. Abandoned.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(Charge)];

    private static string Text((PeriodRange? Months, Rational Epsilon) charge) =>
        $"{charge.Months?.ToString() ?? "every"}={charge.Epsilon}";

    private static (PeriodRange? Months, Rational Epsilon) Charge(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var scope = eq < 0 ? "" : text[..eq];
        return (scope == "every" ? null : PeriodRange.TryParse(scope, out var r) ? r : throw Throw.BadLedgerCharges(text, "an abandoned charge that names no months"),
            Rational.Parse(text[(eq + 1)..]));
    }

    /// <summary>
    /// SHA-256 (hex) of every state, in dataset order, each field length-prefixed as entries are (SECURITY.md):
    /// what the head's MAC covers besides the last entry.
    /// </summary>
    public static string Digest(IEnumerable<LedgerState> states)
    {
        using var bytes = new MemoryStream();
        void Field(string? value) =>
            bytes.Write(Encoding.UTF8.GetBytes(value is null ? "-\n" : $"{Encoding.UTF8.GetByteCount(value)}:{value}\n"));

        bytes.Write("privacyshare-ledger-state/2\n"u8);
        foreach (var s in states.OrderBy(s => s.Dataset, StringComparer.Ordinal))
        {
            Field(s.Dataset);
            Field(s.Total);
            Field(s.Charges);
            Field(s.Releases.ToString(CultureInfo.InvariantCulture));
            Field(s.Reserves.ToString(CultureInfo.InvariantCulture));
            Field(s.LastManifest);
            Field(s.LastPublishedReserve?.ToString(CultureInfo.InvariantCulture));
            Field(s.Abandoned);
            Field(s.Open?.ToString(CultureInfo.InvariantCulture));
            Field(s.Store);
            Field(s.LastEntry.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
