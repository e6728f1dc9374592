using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>
/// The privacy-budget ledger: a SQLite file (WAL mode) holding an append-only, hash-chained list of
/// budget and release entries. Every write happens in a <c>BEGIN IMMEDIATE</c> transaction, which
/// SQLite grants to one connection at a time across processes: two releases can never both see the
/// same remaining budget, so the budget cannot be overspent by starting releases in parallel.
/// </summary>
public sealed class BudgetLedger : IDisposable
{
    /// <summary>The environment variable that overrides the default ledger location.</summary>
    public const string EnvironmentVariable = "PRIVACYSHARE_LEDGER";

    private readonly SqliteConnection _connection;

    private BudgetLedger(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>
    /// The ledger path: <paramref name="explicitPath"/>, else PRIVACYSHARE_LEDGER, else
    /// $XDG_DATA_HOME/privacyshare/ledger.db, else ~/.local/share/privacyshare/ledger.db.
    /// </summary>
    public static string ResolvePath(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath;
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(data, "privacyshare", "ledger.db");
    }

    /// <summary>Opens (creating if needed) the ledger at <see cref="ResolvePath"/>.</summary>
    /// <exception cref="InputException">The file is not a PrivacyShare ledger or cannot be opened.</exception>
    public static BudgetLedger Open(string? explicitPath = null)
    {
        var path = ResolvePath(explicitPath);
        if (Directory.Exists(path))
        {
            throw new InputException(path, null, null, "is a folder; give the path of a ledger file");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = 600, // seconds to wait for another process's write lock
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA busy_timeout=600000;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS ledger_entries(
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('budget', 'release')),
                    dataset TEXT NOT NULL,
                    epsilon TEXT NOT NULL,
                    sequence INTEGER,
                    name TEXT,
                    version TEXT,
                    manifest_sha256 TEXT,
                    created_at TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL);
                """);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new InputException(path, null, null, $"is not a usable ledger: {e.Message}", e);
        }

        return new BudgetLedger(path, connection);
    }

    /// <summary>Sets a dataset's total budget. Lowering it below what is spent is refused.</summary>
    /// <exception cref="RefusedException">The new total is below the spent epsilon.</exception>
    public LedgerEntry SetBudget(string dataset, Rational total)
    {
        if (total.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(total), $"the budget must be greater than 0 (got {total})");
        }

        return InWriteTransaction(() =>
        {
            var status = Status(dataset);
            if (total < status.Spent)
            {
                throw new RefusedException(
                    $"dataset '{dataset}' has already spent epsilon {status.Spent}; its budget cannot be lowered to {total}. " +
                    "Spent budget is gone for good: a lower total would not make past releases less revealing.");
            }

            return Append("budget", dataset, total.ToString(), null, null, null, null);
        });
    }

    /// <summary>
    /// Spends <paramref name="epsilon"/> from <paramref name="dataset"/>'s budget for a release, inside
    /// the ledger's write lock: refuses (before <paramref name="publish"/> runs, so before any noise is
    /// drawn) when there is no budget or not enough remains; otherwise runs <paramref name="publish"/>,
    /// which prepares the release and returns its name, version and manifest hash, and commits the
    /// entry. The caller makes the release visible only after this returns: a crash can waste budget
    /// but never publish uncharged.
    /// </summary>
    /// <exception cref="RefusedException">No budget, or not enough remaining.</exception>
    public LedgerEntry Spend(string dataset, Rational epsilon, Func<Spending, (string Name, string Version, string ManifestSha256)> publish)
    {
        return InWriteTransaction(() =>
        {
            var status = Status(dataset);
            if (status.Total is not { } total)
            {
                throw NoBudget(dataset);
            }

            if (status.Spent + epsilon > total)
            {
                throw NotEnough(dataset, epsilon, total, status);
            }

            var previous = status.Releases.Length == 0 ? "" : status.Releases[^1].ManifestSha256 ?? "";
            var entries = Entries();
            var (name, version, manifest) = publish(new Spending
            {
                LedgerEntries = entries.Count,
                LedgerHeadHash = entries.Count == 0 ? LedgerEntry.Genesis : entries[^1].Hash,
                Sequence = status.Releases.Length + 1,
                PreviousManifestSha256 = previous,
                CumulativeEpsilon = status.Spent + epsilon,
                TotalBudget = total,
            });
            return Append("release", dataset, epsilon.ToString(), status.Releases.Length + 1, name, version, manifest);
        });
    }

    /// <summary>
    /// Refuses at once when <paramref name="dataset"/> has no budget or less than
    /// <paramref name="epsilon"/> remains, so a release fails before reading its input. Advisory only:
    /// <see cref="Spend"/> checks again inside the write lock, which is what prevents overspending.
    /// </summary>
    /// <exception cref="RefusedException">No budget, or not enough remaining right now.</exception>
    public void CheckAffordable(string dataset, Rational epsilon)
    {
        RefuseIfBroken();
        var status = Status(dataset);
        if (status.Total is not { } total)
        {
            throw NoBudget(dataset);
        }

        if (status.Spent + epsilon > total)
        {
            throw NotEnough(dataset, epsilon, total, status);
        }
    }

    /// <summary>A dataset's budget and releases.</summary>
    public BudgetStatus Status(string dataset)
    {
        var entries = Entries().Where(e => e.Dataset == dataset).ToList();
        var releases = entries.Where(e => e.Kind == "release").ToImmutableArray();
        return new BudgetStatus
        {
            Dataset = dataset,
            Total = entries.LastOrDefault(e => e.Kind == "budget") is { } b ? Rational.Parse(b.Epsilon) : null,
            Spent = PrivacyAccounting.Compose(releases.Select(r => Rational.Parse(r.Epsilon))),
            Releases = releases,
        };
    }

    /// <summary>Every dataset's status, by name.</summary>
    public IReadOnlyList<BudgetStatus> Statuses() =>
        [.. Entries().Select(e => e.Dataset).Distinct().Order(StringComparer.Ordinal).Select(Status)];

    /// <summary>Every entry, oldest first.</summary>
    public IReadOnlyList<LedgerEntry> Entries()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, kind, dataset, epsilon, sequence, name, version, manifest_sha256, created_at, previous_hash, hash FROM ledger_entries ORDER BY id";
        using var reader = command.ExecuteReader();
        var list = new List<LedgerEntry>();
        while (reader.Read())
        {
            list.Add(new LedgerEntry
            {
                Id = reader.GetInt64(0),
                Kind = reader.GetString(1),
                Dataset = reader.GetString(2),
                Epsilon = reader.GetString(3),
                Sequence = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                Name = reader.IsDBNull(5) ? null : reader.GetString(5),
                Version = reader.IsDBNull(6) ? null : reader.GetString(6),
                ManifestSha256 = reader.IsDBNull(7) ? null : reader.GetString(7),
                CreatedAt = reader.GetString(8),
                PreviousHash = reader.GetString(9),
                Hash = reader.GetString(10),
            });
        }

        return list;
    }

    /// <summary>
    /// Recomputes the hash chain: each entry's hash from its fields, each previous hash from the entry
    /// before, ids without gaps. Returns one line per problem; empty when the chain is intact.
    /// </summary>
    public IReadOnlyList<string> VerifyChain()
    {
        var problems = new List<string>();
        var previous = LedgerEntry.Genesis;
        long expectedId = 1;
        foreach (var e in Entries())
        {
            if (e.Id != expectedId)
            {
                problems.Add($"entry {e.Id}: expected entry {expectedId} here; entries are missing");
            }

            if (e.PreviousHash != previous)
            {
                problems.Add($"entry {e.Id}: its previous hash does not match entry {e.Id - 1}'s hash; an entry before it was changed, removed or reordered");
            }

            var recomputed = LedgerEntry.HashOf(LedgerEntry.CanonicalText(e.Id, e.Kind, e.Dataset, e.Epsilon, e.Sequence, e.Name, e.Version, e.ManifestSha256, e.CreatedAt, e.PreviousHash));
            if (recomputed != e.Hash)
            {
                problems.Add($"entry {e.Id}: its fields do not match its hash; the entry was changed");
            }

            previous = e.Hash;
            expectedId = e.Id + 1;
        }

        return problems;
    }

    private void RefuseIfBroken()
    {
        if (VerifyChain() is { Count: > 0 } problems)
        {
            throw new RefusedException(
                $"the ledger {Path} does not verify ({problems[0]}{(problems.Count > 1 ? $"; {problems.Count - 1} more" : "")}); nothing is spent or set on a ledger that may have been edited. " +
                "See privacyshare ledger verify, and restore the ledger from a backup.");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private RefusedException NoBudget(string dataset) =>
        new($"dataset '{dataset}' has no privacy budget in ledger {Path}; set one first: privacyshare budget set --dataset {dataset} --epsilon E");

    private static RefusedException NotEnough(string dataset, Rational epsilon, Rational total, BudgetStatus status) =>
        new($"dataset '{dataset}': this release needs epsilon {epsilon} but only {total - status.Spent} of {total} remains " +
            $"(spent {status.Spent} in {status.Releases.Length} release(s)); nothing was published and no budget was spent");

    // Every write checks the whole chain first, under the write lock: an entry appended to a chain
    // someone has edited would make the edit look legitimate, and a budget read from it could be forged.
    private T InWriteTransaction<T>(Func<T> body)
    {
        Execute(_connection, "BEGIN IMMEDIATE;");
        try
        {
            RefuseIfBroken();
            var result = body();
            Execute(_connection, "COMMIT;");
            return result;
        }
        catch
        {
            Execute(_connection, "ROLLBACK;");
            throw;
        }
    }

    private LedgerEntry Append(string kind, string dataset, string epsilon, long? sequence, string? name, string? version, string? manifest)
    {
        var last = Entries().LastOrDefault();
        var id = (last?.Id ?? 0) + 1;
        var previous = last?.Hash ?? LedgerEntry.Genesis;
        var created = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var hash = LedgerEntry.HashOf(LedgerEntry.CanonicalText(id, kind, dataset, epsilon, sequence, name, version, manifest, created, previous));
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ledger_entries(id, kind, dataset, epsilon, sequence, name, version, manifest_sha256, created_at, previous_hash, hash)
            VALUES ($id, $kind, $dataset, $epsilon, $sequence, $name, $version, $manifest, $created, $previous, $hash)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$dataset", dataset);
        command.Parameters.AddWithValue("$epsilon", epsilon);
        command.Parameters.AddWithValue("$sequence", (object?)sequence ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("$manifest", (object?)manifest ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", created);
        command.Parameters.AddWithValue("$previous", previous);
        command.Parameters.AddWithValue("$hash", hash);
        command.ExecuteNonQuery();
        return new LedgerEntry
        {
            Id = id, Kind = kind, Dataset = dataset, Epsilon = epsilon, Sequence = sequence, Name = name, Version = version,
            ManifestSha256 = manifest, CreatedAt = created, PreviousHash = previous, Hash = hash,
        };
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
