using Microsoft.Data.Sqlite;
using PrivacyShare.Internals;

namespace PrivacyShare.Ledger;

/// <summary>
/// The ledger's SQLite tables (documented in SECURITY.md). Nothing shipped before keyed ledgers, so
/// there is one schema: a file with another is refused, never converted (a converted ledger would be
/// authenticated as it was found, which is what a rollback attack needs).
/// </summary>
internal static class LedgerSchema
{
    private const int Current = 4;

    private const string EntriesTable = """
        CREATE TABLE ledger_entries(
            id INTEGER PRIMARY KEY,
            format INTEGER NOT NULL CHECK (format = 4),
            kind TEXT NOT NULL CHECK (kind IN ('budget', 'reserve', 'publish', 'abandon')),
            dataset TEXT NOT NULL,
            epsilon TEXT NOT NULL,
            sequence INTEGER,
            name TEXT,
            version TEXT,
            manifest_sha256 TEXT,
            reservation INTEGER,
            folder TEXT,
            periods TEXT,
            charged_to TEXT CHECK (charged_to IN ('every', 'read')),
            reason TEXT,
            ledger_sequence INTEGER,
            store TEXT,
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
            state TEXT NOT NULL,
            mac TEXT NOT NULL);
        """;

    private const string StateTable = """
        CREATE TABLE ledger_state(
            dataset TEXT PRIMARY KEY,
            total TEXT,
            charges TEXT NOT NULL,
            releases INTEGER NOT NULL,
            reserves INTEGER NOT NULL,
            last_manifest TEXT,
            last_published_reserve INTEGER,
            abandoned TEXT NOT NULL,
            open_reservation INTEGER,
            store TEXT,
            last_entry INTEGER NOT NULL);
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
                BudgetLedger.Execute(connection, StateTable);
                BudgetLedger.Execute(connection, $"PRAGMA user_version = {Current};");
            }
            else if (version != Current)
            {
                throw Throw.NotALedger(path, version > Current
                    ? $"has ledger schema {version}, made by a newer PrivacyShare; use that version"
                    : version == 3
                        ? "is a ledger of schema 3, made by a development build before per-period charges (docs/calendar.md); no released PrivacyShare wrote it, and it is not converted: an authenticated ledger converted as it is found is what a rollback needs. Keep it with its releases, and set budgets in a new ledger"
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
    public static IReadOnlyList<LedgerEntry> ReadEntries(SqliteConnection connection) => Read(connection, null);

    /// <summary>Entry <paramref name="id"/>, or null: one lookup by primary key.</summary>
    public static LedgerEntry? ReadEntry(SqliteConnection connection, long id) => Read(connection, id) is [var e] ? e : null;

    /// <summary>A dataset's budget entries, oldest first.</summary>
    public static IReadOnlyList<LedgerEntry> ReadBudgetEntries(SqliteConnection connection, string dataset) => Read(connection, null, dataset);

    private static List<LedgerEntry> Read(SqliteConnection connection, long? id, string? budgetsOf = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, format, kind, dataset, epsilon, sequence, name, version, manifest_sha256, reservation, folder, periods, charged_to, reason, ledger_sequence, store, created_at, previous_hash, hash, mac FROM ledger_entries" +
            (id is not null ? " WHERE id = $id" : budgetsOf is not null ? " WHERE kind = 'budget' AND dataset = $dataset ORDER BY id" : " ORDER BY id");
        if (id is { } one)
        {
            command.Parameters.AddWithValue("$id", one);
        }

        if (budgetsOf is not null)
        {
            command.Parameters.AddWithValue("$dataset", budgetsOf);
        }

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
                Periods = reader.IsDBNull(11) ? null : reader.GetString(11),
                ChargedTo = reader.IsDBNull(12) ? null : reader.GetString(12),
                Reason = reader.IsDBNull(13) ? null : reader.GetString(13),
                LedgerSequence = reader.IsDBNull(14) ? null : reader.GetInt64(14),
                Store = reader.IsDBNull(15) ? null : reader.GetString(15),
                CreatedAt = reader.GetString(16),
                PreviousHash = reader.GetString(17),
                Hash = reader.GetString(18),
                Mac = reader.IsDBNull(19) ? null : reader.GetString(19),
            });
        }

        return list;
    }

    /// <summary>The authenticated head: entry count, last hash, state digest and MAC; (0, null, null, null) when none was written.</summary>
    public static (long Entries, string? Hash, string? State, string? Mac) ReadHead(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT entries, hash, state, mac FROM ledger_head WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : (0, null, null, null);
    }

    /// <summary>Every dataset's stored state.</summary>
    public static Dictionary<string, LedgerState> ReadStates(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset, total, charges, releases, reserves, last_manifest, last_published_reserve, abandoned, open_reservation, store, last_entry FROM ledger_state";
        using var reader = command.ExecuteReader();
        var states = new Dictionary<string, LedgerState>(StringComparer.Ordinal);
        while (reader.Read())
        {
            states[reader.GetString(0)] = new LedgerState
            {
                Dataset = reader.GetString(0),
                Total = reader.IsDBNull(1) ? null : reader.GetString(1),
                Charges = reader.GetString(2),
                Releases = reader.GetInt64(3),
                Reserves = reader.GetInt64(4),
                LastManifest = reader.IsDBNull(5) ? null : reader.GetString(5),
                LastPublishedReserve = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                Abandoned = reader.GetString(7),
                Open = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                Store = reader.IsDBNull(9) ? null : reader.GetString(9),
                LastEntry = reader.GetInt64(10),
            };
        }

        return states;
    }

    /// <summary>Writes one dataset's state.</summary>
    public static void WriteState(SqliteConnection connection, LedgerState s)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO ledger_state(dataset, total, charges, releases, reserves, last_manifest, last_published_reserve, abandoned, open_reservation, store, last_entry)
            VALUES ($dataset, $total, $charges, $releases, $reserves, $manifest, $published, $abandoned, $open, $store, $last)
            """;
        command.Parameters.AddWithValue("$dataset", s.Dataset);
        command.Parameters.AddWithValue("$total", (object?)s.Total ?? DBNull.Value);
        command.Parameters.AddWithValue("$charges", s.Charges);
        command.Parameters.AddWithValue("$releases", s.Releases);
        command.Parameters.AddWithValue("$reserves", s.Reserves);
        command.Parameters.AddWithValue("$manifest", (object?)s.LastManifest ?? DBNull.Value);
        command.Parameters.AddWithValue("$published", (object?)s.LastPublishedReserve ?? DBNull.Value);
        command.Parameters.AddWithValue("$abandoned", s.Abandoned);
        command.Parameters.AddWithValue("$open", (object?)s.Open ?? DBNull.Value);
        command.Parameters.AddWithValue("$store", (object?)s.Store ?? DBNull.Value);
        command.Parameters.AddWithValue("$last", s.LastEntry);
        command.ExecuteNonQuery();
    }

    /// <summary>Inserts <paramref name="e"/> as it is.</summary>
    public static void Insert(SqliteConnection connection, LedgerEntry e)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ledger_entries(id, format, kind, dataset, epsilon, sequence, name, version, manifest_sha256, reservation, folder, periods, charged_to, reason, ledger_sequence, store, created_at, previous_hash, hash, mac)
            VALUES ($id, $format, $kind, $dataset, $epsilon, $sequence, $name, $version, $manifest, $reservation, $folder, $periods, $chargedTo, $reason, $ledgerSequence, $store, $created, $previous, $hash, $mac)
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
        command.Parameters.AddWithValue("$periods", (object?)e.Periods ?? DBNull.Value);
        command.Parameters.AddWithValue("$chargedTo", (object?)e.ChargedTo ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)e.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$ledgerSequence", (object?)e.LedgerSequence ?? DBNull.Value);
        command.Parameters.AddWithValue("$store", (object?)e.Store ?? DBNull.Value);
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
