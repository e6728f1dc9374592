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

    /// <summary>Every charge so far, published, abandoned or open.</summary>
    public string Spent { get; init; } = "0";

    /// <summary>Published releases.</summary>
    public long Releases { get; init; }

    /// <summary>sha256 of the last published release's datapackage.json.</summary>
    public string? LastManifest { get; init; }

    /// <summary>Epsilon of charges abandoned since the last published release.</summary>
    public string Abandoned { get; init; } = "0";

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
            "reserve" => this with { Spent = (Rational.Parse(Spent) + epsilon).ToString(), Open = e.Id, LastEntry = e.Id },
            "publish" => this with { Releases = Releases + 1, LastManifest = e.ManifestSha256, Abandoned = "0", Open = null, LastEntry = e.Id },
            "abandon" => this with { Abandoned = (Rational.Parse(Abandoned) + epsilon).ToString(), Open = null, LastEntry = e.Id },
            _ => throw Throw.Bug($"unknown ledger entry kind {e.Kind}"),
        };
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

        bytes.Write("privacyshare-ledger-state/1\n"u8);
        foreach (var s in states.OrderBy(s => s.Dataset, StringComparer.Ordinal))
        {
            Field(s.Dataset);
            Field(s.Total);
            Field(s.Spent);
            Field(s.Releases.ToString(CultureInfo.InvariantCulture));
            Field(s.LastManifest);
            Field(s.Abandoned);
            Field(s.Open?.ToString(CultureInfo.InvariantCulture));
            Field(s.LastEntry.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
