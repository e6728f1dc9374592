using Microsoft.Data.Sqlite;

namespace PrivacyShare.Ledger;

/// <summary>
/// The ledger's SQLite tables (documented in SECURITY.md). Nothing shipped before keyed ledgers, so
/// there is one schema: a file with another is refused, never converted (a converted ledger would be
/// authenticated as it was found, which is what a rollback attack needs).
/// </summary>
internal static class LedgerSchema
{
    private const int Current = 3;

    private const string EntriesTable = """
        CREATE TABLE ledger_entries(
            id INTEGER PRIMARY KEY,
            format INTEGER NOT NULL CHECK (format = 3),
            kind TEXT NOT NULL CHECK (kind IN ('budget', 'reserve', 'publish', 'abandon')),
            dataset TEXT NOT NULL,
            epsilon TEXT NOT NULL,
            sequence INTEGER,
            name TEXT,
            version TEXT,
            manifest_sha256 TEXT,
            reservation INTEGER,
            folder TEXT,
            created_at TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            mac TEXT);
        """;

    private const string HeadTable = """
        CREATE TABLE ledger_head(
            id INTEGER PRIMARY KEY CHECK (id = 1),
            entries INTEGER NOT NULL,
            hash TEXT NOT NULL,
            mac TEXT NOT NULL);
        """;

    /// <summary>
    /// Creates the tables of a new, empty ledger file (under the write lock), or checks that an existing
    /// one has this schema.
    /// </summary>
    public static void Ensure(SqliteConnection connection, string path)
    {
        if (Version(connection) == Current)
        {
            return;
        }

        BudgetLedger.Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            // Checked again under the lock: another process may have created it meanwhile.
            var version = Version(connection);
            if (version == 0 && !TableExists(connection, "ledger_entries") && !TableExists(connection, "ledger_head"))
            {
                BudgetLedger.Execute(connection, EntriesTable);
                BudgetLedger.Execute(connection, HeadTable);
                BudgetLedger.Execute(connection, $"PRAGMA user_version = {Current};");
            }
            else if (version != Current)
            {
                throw Throw.Input(path, null, null, version > Current
                    ? $"has ledger schema {version}, made by a newer PrivacyShare; use that version"
                    : $"is not a ledger this PrivacyShare reads (schema {version}; it reads schema {Current})");
            }

            BudgetLedger.Execute(connection, "COMMIT;");
        }
        catch
        {
            BudgetLedger.Execute(connection, "ROLLBACK;");
            throw;
        }
    }

    /// <summary>Every entry, oldest first.</summary>
    public static IReadOnlyList<LedgerEntry> ReadEntries(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, format, kind, dataset, epsilon, sequence, name, version, manifest_sha256, reservation, folder, created_at, previous_hash, hash, mac FROM ledger_entries ORDER BY id";
        using var reader = command.ExecuteReader();
        var list = new List<LedgerEntry>();
        while (reader.Read())
        {
            list.Add(new LedgerEntry
            {
                Id = reader.GetInt64(0),
                Format = reader.GetInt32(1),
                Kind = reader.GetString(2),
                Dataset = reader.GetString(3),
                Epsilon = reader.GetString(4),
                Sequence = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                Name = reader.IsDBNull(6) ? null : reader.GetString(6),
                Version = reader.IsDBNull(7) ? null : reader.GetString(7),
                ManifestSha256 = reader.IsDBNull(8) ? null : reader.GetString(8),
                Reservation = reader.IsDBNull(9) ? null : reader.GetInt64(9),
                Folder = reader.IsDBNull(10) ? null : reader.GetString(10),
                CreatedAt = reader.GetString(11),
                PreviousHash = reader.GetString(12),
                Hash = reader.GetString(13),
                Mac = reader.IsDBNull(14) ? null : reader.GetString(14),
            });
        }

        return list;
    }

    /// <summary>The authenticated head: entry count, last hash and MAC; (0, null, null) when none was written.</summary>
    public static (long Entries, string? Hash, string? Mac) ReadHead(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT entries, hash, mac FROM ledger_head WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : (0, null, null);
    }

    /// <summary>Inserts <paramref name="e"/> as it is.</summary>
    public static void Insert(SqliteConnection connection, LedgerEntry e)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ledger_entries(id, format, kind, dataset, epsilon, sequence, name, version, manifest_sha256, reservation, folder, created_at, previous_hash, hash, mac)
            VALUES ($id, $format, $kind, $dataset, $epsilon, $sequence, $name, $version, $manifest, $reservation, $folder, $created, $previous, $hash, $mac)
            """;
        command.Parameters.AddWithValue("$id", e.Id);
        command.Parameters.AddWithValue("$format", e.Format);
        command.Parameters.AddWithValue("$kind", e.Kind);
        command.Parameters.AddWithValue("$dataset", e.Dataset);
        command.Parameters.AddWithValue("$epsilon", e.Epsilon);
        command.Parameters.AddWithValue("$sequence", (object?)e.Sequence ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)e.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", (object?)e.Version ?? DBNull.Value);
        command.Parameters.AddWithValue("$manifest", (object?)e.ManifestSha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$reservation", (object?)e.Reservation ?? DBNull.Value);
        command.Parameters.AddWithValue("$folder", (object?)e.Folder ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", e.CreatedAt);
        command.Parameters.AddWithValue("$previous", e.PreviousHash);
        command.Parameters.AddWithValue("$hash", e.Hash);
        command.Parameters.AddWithValue("$mac", (object?)e.Mac ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static long Version(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! > 0;
    }
}
