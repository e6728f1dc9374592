using System.Security.Cryptography;
using PrivacyShare.Internals;

namespace PrivacyShare.Ledger;

/// <summary>
/// Where a dataset's calendar store lives and how it is read and written: <c>LEDGER.calendar/DATASET/SHA256.store</c>,
/// mode 0600, named by the SHA-256 the ledger's last calendar charge names (<see cref="CalendarStore"/>).
/// </summary>
internal static class CalendarStoreFile
{
    /// <summary>The largest store read: 64 bytes a booking for ten million bookings, with room.</summary>
    private const long MaxBytes = 2L << 30;

    /// <summary>The folder of <paramref name="dataset"/>'s stores beside the ledger at <paramref name="ledgerPath"/>.</summary>
    public static string Folder(string ledgerPath, string dataset) => Path.Combine(ledgerPath + ".calendar", dataset);

    /// <summary>
    /// The store whose SHA-256 the ledger names for <paramref name="dataset"/> (<paramref name="sha"/>, from
    /// <see cref="BudgetLedger.StoreOf"/>), or null when it names none (the calendar's first release).
    /// Refuses a file that is missing, is not what the ledger's hash says, is readable by others, or does
    /// not authenticate under <paramref name="key"/>.
    /// </summary>
    /// <exception cref="RefusedException">The store is missing, changed, swapped or truncated.</exception>
    public static CalendarStore? Load(string ledgerPath, string dataset, string? sha, LedgerKey key)
    {
        if (sha is null)
        {
            return null;
        }

        var path = Path.Combine(Folder(ledgerPath, dataset), sha + ".store");
        var (bytes, failure, problem) = Internals.IO.RegularFile.Read(path, MaxBytes);
        if (bytes is null)
        {
            throw Throw.StoreBroken(path, failure == Internals.IO.RegularFile.ReadFailure.Missing ? "is missing, though the ledger names it" : problem!);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~Keys.KeyFiles.SecretMode & (UnixFileMode)0x1FF) != UnixFileMode.None)
        {
            throw Throw.StoreBroken(path, "can be read or written by others than its owner (it must be mode 0600)");
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha)
        {
            throw Throw.StoreBroken(path, "is not the store the ledger's last calendar charge wrote (its SHA-256 differs): it was changed, truncated or swapped");
        }

        return CalendarStore.Deserialize(bytes, key, path);
    }

    /// <summary>Writes <paramref name="store"/> (mode 0600, synced) under its SHA-256; returns the hash.</summary>
    public static string Save(CalendarStore store, LedgerKey key, string ledgerPath)
    {
        var bytes = store.Serialize(key);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var folder = Folder(ledgerPath, store.Dataset);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var path = Path.Combine(folder, sha + ".store");
        using (var file = Internals.IO.AtomicFile.Create(path, overwrite: true, Keys.KeyFiles.SecretMode))
        {
            file.Stream.Write(bytes);
            file.Commit();
        }

        Internals.IO.FolderSync.Flush(folder);
        return sha;
    }

    /// <summary>Removes every store of the dataset but <paramref name="keep"/>: the ledger names only that one now.</summary>
    public static void Prune(string ledgerPath, string dataset, string keep)
    {
        var folder = Folder(ledgerPath, dataset);
        foreach (var path in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.store") : [])
        {
            if (Path.GetFileName(path) != keep + ".store")
            {
                File.Delete(path);
            }
        }
    }
}
