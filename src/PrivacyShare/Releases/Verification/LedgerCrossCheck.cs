using System.Text.Json;
using PrivacyShare.Ledger;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Verification;

/// <summary>
/// Checks published release folders against the ledger that charged them: every folder's
/// datapackage.json is a release the ledger records as published (same dataset, sequence and sha256),
/// and every release the ledger records for those datasets is among the folders, or was abandoned.
/// What the ledger's own chain cannot show, the two together can: a ledger restored from an old backup
/// misses releases that are published, and a folder made without the ledger is not in it.
/// </summary>
internal static class LedgerCrossCheck
{
    /// <summary>
    /// Problems found, one line each; empty when the folders and the ledger agree. The ledger's own
    /// verification comes first. <paramref name="folders"/>: release folders, or one folder holding them
    /// (hidden folders are skipped).
    /// </summary>
    /// <exception cref="InputException">A single folder given is not a release and holds none.</exception>
    public static IReadOnlyList<string> Check(BudgetLedger ledger, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(folders);
        var problems = ledger.VerifyChain().Select(p => $"ledger: {p}").ToList();
        var entries = ledger.Entries();
        var published = entries.Where(e => e.Publishes && e.ManifestSha256 is not null).ToList();
        var datasets = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Expand(folders))
        {
            var (bytes, _, unreadable) = Internals.IO.RegularFile.Read(Path.Combine(folder, ReleaseFolder.ManifestFileName), ReleaseFolder.MaxManifestBytes);
            if (bytes is null)
            {
                problems.Add($"{folder}: its {ReleaseFolder.ManifestFileName} {unreadable}");
                continue;
            }

            var sha = ReleaseFolder.Sha256(bytes);
            var manifest = ReadLeniently(bytes);
            var (dataset, sequence) = (manifest?.Name, manifest?.Privacy?.Sequence);
            if (dataset is not null)
            {
                datasets.Add(dataset);
            }

            seen.Add(sha);
            if (published.FirstOrDefault(e => e.ManifestSha256 == sha) is not { } entry)
            {
                problems.Add($"{folder}: release #{sequence} of {dataset} (datapackage.json sha256 {sha[..16]}...) is not in the ledger as published: the ledger never charged it, or lost its entry");
            }
            else if (entry.Dataset != dataset || entry.Sequence != sequence)
            {
                problems.Add($"{folder}: says release #{sequence} of {dataset}, but the ledger entry {entry.Id} with its sha256 records release #{entry.Sequence} of {entry.Dataset}");
            }
        }

        foreach (var e in published.Where(e => datasets.Contains(e.Dataset) && !seen.Contains(e.ManifestSha256!)))
        {
            problems.Add($"ledger entry {e.Id}: release #{e.Sequence} of {e.Dataset} (datapackage.json sha256 {e.ManifestSha256![..16]}...) is published in the ledger but not among the folders given");
        }

        foreach (var dataset in datasets.Order(StringComparer.Ordinal))
        {
            foreach (var open in ledger.Status(dataset).Open)
            {
                problems.Add($"ledger entry {open.Id}: release #{open.Sequence} of {dataset} into {open.Folder} is neither published nor abandoned: it is in progress, or it crashed (the next release settles it)");
            }
        }

        return problems;
    }

    private static IReadOnlyList<string> Expand(IReadOnlyList<string> given) => ChainVerifier.Expand(given).Folders;

    private static PackageManifest? ReadLeniently(byte[] bytes)
    {
        try
        {
            return ManifestJson.Read(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
