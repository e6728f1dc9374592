using System.Globalization;
using Microsoft.Data.Sqlite;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>
/// The privacy-budget ledger: a SQLite file (WAL mode) holding an append-only, hash-chained list of
/// budget and release entries, each authenticated with HMAC-SHA256 under a <see cref="LedgerKey"/>.
/// Every write happens in a <c>BEGIN IMMEDIATE</c> transaction, which SQLite grants to one connection
/// at a time across processes: two releases can never both see the same remaining budget, so the
/// budget cannot be overspent by starting releases in parallel.
/// </summary>
/// <remarks>
/// A release is charged in its own committed entry (<see cref="Reserve"/>) before any noise is drawn,
/// and settled afterwards (<see cref="Publish"/> or <see cref="Abandon"/>): a crash between the two
/// wastes budget, which is safe, and never leaves noise that was not charged.
/// </remarks>
public sealed class BudgetLedger : IDisposable
{
    /// <summary>The environment variable that overrides the default ledger location.</summary>
    internal const string EnvironmentVariable = "PRIVACYSHARE_LEDGER";

    /// <summary>The largest budget a dataset may have, as for a spec's epsilon.</summary>
    private static readonly Rational MaxBudget = new(100, 1);

    private readonly SqliteConnection _connection;

    // True while the first write of a new ledger creates its key (a key beside an empty ledger is
    // otherwise the sign of an emptied one).
    private bool _creatingKey;

    // The ledger file itself, open for the publishing lock: a flock on this descriptor is on the file's
    // inode, so two paths to one ledger (a symlink, a hard link) share it. Opened after SQLite's own
    // connection and closed after it, so closing it never drops SQLite's POSIX locks (fcntl locks are
    // per process and inode, and any close of that inode releases them).
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _file;

    private BudgetLedger(string path, string keyPath, SqliteConnection connection, Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        Path = path;
        KeyPath = keyPath;
        _connection = connection;
        _file = file;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>The ledger key file that authenticates this ledger.</summary>
    public string KeyPath { get; }

    /// <summary>
    /// The ledger path: <paramref name="explicitPath"/>, else PRIVACYSHARE_LEDGER, else
    /// $XDG_DATA_HOME/privacyshare/ledger.db, else ~/.local/share/privacyshare/ledger.db.
    /// </summary>
    internal static string ResolvePath(string? explicitPath)
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

    /// <summary>
    /// Opens the ledger at <see cref="ResolvePath"/>, authenticated by the key at
    /// <see cref="LedgerKey.ResolvePath"/> (created with the ledger's first entry). Only
    /// <paramref name="create"/> makes a new ledger, in an existing folder: a mistyped path on a read or a
    /// release must not quietly start a fresh budget.
    /// </summary>
    /// <exception cref="InputException">The file is not a PrivacyShare ledger or cannot be opened.</exception>
    /// <exception cref="RefusedException">No ledger exists at the path and <paramref name="create"/> is false.</exception>
    public static BudgetLedger Open(string? explicitPath = null, string? keyPath = null, bool create = false)
    {
        var path = ResolvePath(explicitPath);
        if (Directory.Exists(path))
        {
            throw Throw.IsAFolder(path, "give the path of a ledger file");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (!create)
            {
                throw Throw.NoLedger(path);
            }

            if (!Directory.Exists(folder))
            {
                throw Throw.NoLedgerFolder(path, folder);
            }
        }

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
            LedgerSchema.Ensure(connection, path);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Throw.NotALedger(path, $"is not a usable ledger: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new BudgetLedger(path, LedgerKey.ResolvePath(keyPath, path), connection, Internals.IO.FileLock.OpenForLocking(path));
    }

    /// <summary>
    /// Takes the ledger's publishing lock (releases sharing a ledger publish one at a time), waiting up
    /// to <paramref name="wait"/>; null when another holder still has it then. The lock is on the ledger
    /// file's identity, so every path to one ledger takes the same lock.
    /// </summary>
    internal IDisposable? TryLockPublishing(TimeSpan wait) => Internals.IO.FileLock.TryAcquire(_file, Path, wait);

    /// <summary>
    /// Sets a dataset's total person-level budget. Lowering it below what is spent is refused; raising it
    /// needs a <paramref name="reason"/>, which every later release states with the change.
    /// </summary>
    /// <exception cref="RefusedException">The new total is below the spent epsilon, a raise has no reason, or the ledger does not verify.</exception>
    public BudgetStatus SetBudget(string dataset, Rational total, string? reason = null)
    {
        var entry = AppendBudget(dataset, total, reason);
        return Status(entry.Dataset);
    }

    /// <summary>Sets the budget, as <see cref="SetBudget"/>; returns the ledger entry that records it.</summary>
    internal LedgerEntry AppendBudget(string dataset, Rational total, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!Slug.IsValid(dataset))
        {
            throw Throw.BadDatasetName(dataset, nameof(dataset));
        }

        if (total.Sign <= 0 || total > MaxBudget)
        {
            throw Throw.OutOfRange(nameof(total), $"the budget must be above 0 and at most {MaxBudget}, as a spec's epsilon (got {total})");
        }

        reason = reason?.Trim();
        if (reason is not null && (reason.Length is 0 or > 500 || reason.Any(char.IsControl)))
        {
            throw Throw.BadReason(nameof(reason));
        }

        return InWriteTransaction((key, head) =>
        {
            var state = head.StateOf(dataset);
            var spent = state.Spent;
            if (total < spent)
            {
                throw Throw.BudgetBelowSpent(dataset, spent.ToString(), total.ToString());
            }

            if (state.Total is { } before && total > Rational.Parse(before) && reason is null)
            {
                throw Throw.RaiseNeedsReason(dataset, before, total.ToString());
            }

            return Append(key, head, new Draft("budget", dataset, total.ToString()) { Reason = reason });
        });
    }

    /// <summary>
    /// Charges <paramref name="epsilon"/> to <paramref name="dataset"/> for a release into
    /// <paramref name="folder"/> that reads the months <paramref name="periods"/>, durably, before any
    /// noise exists: the <c>reserve</c> entry is committed when this returns. The epsilon falls on every
    /// period when <paramref name="everyPeriod"/> (a one-shot release: <see cref="PeriodCharges"/> says
    /// why), else on the months read. Refuses when there is no budget, a period the charge falls on would
    /// go over it, or another release of the dataset is still open (the caller settles those first, with
    /// <see cref="Publish"/> or <see cref="Abandon"/>).
    /// </summary>
    /// <exception cref="RefusedException">No budget, not enough remaining, an open reservation, or a ledger that does not verify.</exception>
    internal Reservation Reserve(string dataset, Rational epsilon, PeriodRange periods, bool everyPeriod, string folder, CalendarCharge? calendar = null, string purpose = "this release")
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (epsilon.Sign <= 0)
        {
            throw Throw.OutOfRange(nameof(epsilon), $"a release's epsilon must be greater than 0 (got {epsilon})");
        }

        if (folder.Any(char.IsControl))
        {
            throw Throw.ControlCharacterInFolder(nameof(folder));
        }

        return InWriteTransaction((key, head) =>
        {
            var state = head.StateOf(dataset);
            if (state.Open is { } openId)
            {
                var open = Entry(openId);
                throw Throw.ReleaseStillOpen(dataset, open.Sequence, open.Folder);
            }

            var total = state.Total is { } t ? Rational.Parse(t) : throw NoBudget(dataset);
            var before = PeriodCharges.Parse(state.Charges);
            PeriodRange? months = everyPeriod ? null : periods;
            var after = before.Add(months, epsilon);
            if (after.PersonLevel > total)
            {
                throw NotEnough(dataset, epsilon, months, total, state, before, purpose);
            }

            // A calendar's new store replaces the one it was computed from, and only that one: a release
            // that read an older store (another release of the calendar committed meanwhile) must read again.
            if (calendar is not null && calendar.Previous != state.Store)
            {
                throw Throw.StoreMovedOn(dataset);
            }

            var sequence = state.Releases + 1;
            var ledgerSequence = head.States.Values.Sum(s => s.Reserves) + 1;
            var entry = Append(key, head, new Draft("reserve", dataset, epsilon.ToString())
            {
                Sequence = sequence,
                Folder = folder,
                Periods = periods.ToString(),
                ChargedTo = everyPeriod ? "every" : "read",
                LedgerSequence = ledgerSequence,
                Store = calendar?.Store,
            });
            var abandoned = state.AbandonedCharges;
            return new Reservation
            {
                EntryId = entry.Id,
                Dataset = dataset,
                Epsilon = epsilon,
                Folder = folder,
                Sequence = sequence,
                Periods = periods,
                ChargedToEveryPeriod = everyPeriod,
                PreviousManifestSha256 = state.LastManifest ?? "",
                AbandonedEpsilon = PrivacyAccounting.Compose(abandoned.Select(a => a.Epsilon)),
                AbandonedCharges = [.. abandoned],
                Charges = after,
                CumulativeEpsilon = after.PersonLevel,
                TotalBudget = total,
                BudgetHistory = [.. BudgetChanges(key, dataset, after: state.LastPublishedReserve ?? 0)],
                LedgerEntries = entry.Id,
                LedgerHeadHash = entry.Hash,
                LedgerSequence = ledgerSequence,
                LedgerKeyId = key.Id,
            };
        });
    }

    /// <summary>The SHA-256 of <paramref name="dataset"/>'s calendar store as the authenticated ledger names it, or null before any.</summary>
    internal string? StoreOf(string dataset) => VerifiedHead().StateOf(dataset).Store;

    /// <summary>The last published release of <paramref name="dataset"/>: its folder and its manifest's sha256; null before any.</summary>
    internal (string Folder, string ManifestSha256)? LastPublished(string dataset)
    {
        var state = VerifiedHead().StateOf(dataset);
        return state.LastPublishedReserve is { } id && state.LastManifest is { } sha && Entry(id).Folder is { } folder ? (folder, sha) : null;
    }

    /// <summary>The ledger key, for the calendar store's keyed hashes and MAC (the caller disposes it).</summary>
    /// <exception cref="RefusedException">No key exists: the ledger has no entries yet.</exception>
    internal LedgerKey LoadKey() => TryLoadKey(create: false) ?? throw Throw.NoBudget("(any)", Path);

    /// <summary>
    /// The published releases of <paramref name="dataset"/> that read some of <paramref name="periods"/>,
    /// with the months they share: a release that reads them again says so before it spends.
    /// </summary>
    internal IReadOnlyList<(long Sequence, PeriodRange Months)> PublishedReads(string dataset, PeriodRange periods)
    {
        var entries = Entries();
        var published = entries.Where(e => e.Dataset == dataset && e.Publishes && e.Reservation is not null).Select(e => e.Reservation!.Value).ToHashSet();
        return [.. entries
            .Where(e => e.Kind == "reserve" && published.Contains(e.Id) && PeriodRange.TryParse(e.Periods, out _))
            .Select(e => (Sequence: e.Sequence ?? 0, Overlap: PeriodRange.TryParse(e.Periods, out var read) ? read.Overlap(periods) : null))
            .Where(x => x.Overlap is not null)
            .Select(x => (x.Sequence, x.Overlap!.Value))];
    }

    // The budget entries of a dataset after entry `after` (the last published release's charge), each
    // authenticated, with the total it replaced: what the next manifest states.
    private IEnumerable<BudgetChange> BudgetChanges(LedgerKey key, string dataset, long after)
    {
        string? previous = null;
        foreach (var e in LedgerSchema.ReadBudgetEntries(_connection, dataset))
        {
            if (e.Mac != key.Mac(LedgerEntry.MacText(e.Hash)) || LedgerEntry.HashOf(e.Canonical()) != e.Hash)
            {
                RefuseIfBroken([$"entry {e.Id}, a budget change of '{dataset}', was changed without the key"]);
            }

            if (e.Id > after)
            {
                yield return new BudgetChange(previous is null ? null : Rational.Parse(previous), Rational.Parse(e.Epsilon), e.Reason, e.CreatedAt);
            }

            previous = e.Epsilon;
        }
    }

    /// <summary>Records that the release charged by reserve entry <paramref name="reservation"/> is in place, with its manifest's sha256.</summary>
    /// <exception cref="RefusedException">The reservation is not open, or the ledger does not verify.</exception>
    internal LedgerEntry Publish(long reservation, string name, string version, string manifestSha256) =>
        InWriteTransaction((key, head) =>
        {
            var reserve = OpenReservation(head, reservation);
            return Append(key, head, new Draft("publish", reserve.Dataset, reserve.Epsilon)
            {
                Sequence = reserve.Sequence,
                Periods = reserve.Periods,
                ChargedTo = reserve.ChargedTo,
                Name = name,
                Version = version,
                ManifestSha256 = manifestSha256,
                Reservation = reservation,
            });
        });

    /// <summary>
    /// Records that the release charged by reserve entry <paramref name="reservation"/> was never
    /// published. Its epsilon stays spent: noise may have been drawn for it.
    /// </summary>
    /// <exception cref="RefusedException">The reservation is not open, or the ledger does not verify.</exception>
    internal LedgerEntry Abandon(long reservation) =>
        InWriteTransaction((key, head) =>
        {
            var reserve = OpenReservation(head, reservation);
            return Append(key, head, new Draft("abandon", reserve.Dataset, reserve.Epsilon) { Sequence = reserve.Sequence, Reservation = reservation, Periods = reserve.Periods, ChargedTo = reserve.ChargedTo });
        });

    /// <summary>
    /// Refuses at once when the ledger's head does not verify, or <paramref name="dataset"/> has no
    /// budget or <see cref="Reserve"/> would refuse the charge right now, so a release fails before
    /// reading its input. Advisory only: <see cref="Reserve"/> checks again inside the write lock, which
    /// is what prevents overspending.
    /// </summary>
    /// <exception cref="RefusedException">A broken ledger, no budget, or not enough remaining right now.</exception>
    internal void CheckAffordable(string dataset, Rational epsilon, PeriodRange periods, bool everyPeriod, string purpose = "this release")
    {
        var state = VerifiedHead().StateOf(dataset);
        var total = state.Total is { } t ? Rational.Parse(t) : throw NoBudget(dataset);
        var before = PeriodCharges.Parse(state.Charges);
        PeriodRange? months = everyPeriod ? null : periods;
        if (before.Add(months, epsilon).PersonLevel > total)
        {
            throw NotEnough(dataset, epsilon, months, total, state, before, purpose);
        }
    }

    /// <summary>
    /// The reserve entry of <paramref name="dataset"/>'s release that is neither published nor
    /// abandoned, or null: from the authenticated state, one lookup, whatever the ledger's length.
    /// </summary>
    internal LedgerEntry? OpenOf(string dataset) => VerifiedHead().StateOf(dataset).Open is { } id ? Entry(id) : null;

    /// <summary>A dataset's budget, spending and releases (reads every entry: for display).</summary>
    public BudgetStatus Status(string dataset) => Status(Entries(), dataset);

    private static BudgetStatus Status(IReadOnlyList<LedgerEntry> all, string dataset)
    {
        var entries = all.Where(e => e.Dataset == dataset).ToList();
        var settled = new Dictionary<long, string>();
        foreach (var e in entries.Where(e => e.Reservation is not null))
        {
            settled[e.Reservation!.Value] = e.Kind;
        }

        var charges = PeriodCharges.None;
        foreach (var e in entries.Where(e => e.Charges))
        {
            charges = charges.Add(e.ChargedMonths, Rational.Parse(e.Epsilon));
        }

        var lastPublished = entries.LastOrDefault(e => e.Publishes) is { } p ? p.Reservation ?? p.Id : 0;
        return new BudgetStatus
        {
            Dataset = dataset,
            Total = entries.LastOrDefault(e => e.Kind == "budget") is { } b ? Rational.Parse(b.Epsilon) : null,
            Spent = charges.PersonLevel,
            Charges = charges,
            Budgets = [.. entries.Where(e => e.Kind == "budget")],
            Releases = [.. entries.Where(e => e.Publishes)],
            Open = [.. entries.Where(e => e.Kind == "reserve" && !settled.ContainsKey(e.Id))],
            AbandonedSinceLastRelease = PrivacyAccounting.Compose(entries
                .Where(e => e.Kind == "reserve" && e.Id > lastPublished && settled.GetValueOrDefault(e.Id) == "abandon")
                .Select(e => Rational.Parse(e.Epsilon))),
        };
    }

    /// <summary>Every dataset's status, by name.</summary>
    public IReadOnlyList<BudgetStatus> Statuses()
    {
        var entries = Entries();
        return [.. entries.Select(e => e.Dataset).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(d => Status(entries, d))];
    }

    /// <summary>Every entry, oldest first.</summary>
    internal IReadOnlyList<LedgerEntry> Entries() => LedgerSchema.ReadEntries(_connection);

    /// <summary>
    /// Checks the whole ledger: the hash chain (each entry's hash from its fields, each previous hash
    /// from the entry before, ids without gaps); each entry's MAC and the head's MAC under the ledger
    /// key, and that the head names the last entry (so no entry was removed from the end); that every
    /// publish or abandon entry settles one open reservation of its dataset; and that the stored state
    /// of every dataset is what its entries add up to. Returns one line per problem; empty when the
    /// ledger is intact.
    /// </summary>
    public IReadOnlyList<string> VerifyChain()
    {
        using var key = TryLoadKey(create: false);
        return InReadTransaction(() => Verify(key, Entries()));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _connection.Dispose();
        _file.Dispose(); // after SQLite's connection: see _file
    }

    private List<string> Verify(LedgerKey? key, IReadOnlyList<LedgerEntry> entries)
    {
        var head = LedgerSchema.ReadHead(_connection);
        var problems = HashProblems(entries);
        if (entries.Count == 0)
        {
            if (head.Entries > 0 || head.Mac is not null || key is not null)
            {
                problems.Add(key is not null && head.Mac is null
                    ? $"the ledger holds no entries, but its key {KeyPath} exists, and a key is made with a ledger's first entry: every entry was removed (to start a new ledger on purpose, move the old key away too)"
                    : "the ledger holds no entries, but its head says it had some: every entry was removed");
            }

            return problems;
        }

        if (key is null)
        {
            problems.Add($"the ledger key {KeyPath} is missing, so its entries cannot be authenticated; name the ledger key file that was created with this ledger");
            return problems;
        }

        // PrivacyShare writes every entry with its MAC and the head with its own: an entry without one,
        // or no head, was made or stripped without the key, never by an older version.
        foreach (var e in entries.Where(e => e.Mac != key.Mac(LedgerEntry.MacText(e.Hash))))
        {
            problems.Add(e.Mac is null
                ? $"entry {e.Id}: has no MAC: it was added, or its MAC removed, without the ledger key"
                : $"entry {e.Id}: its MAC does not match under the ledger key {key.Id}: the entry was changed or added without the key");
        }

        problems.AddRange(HeadProblems(key, head, entries[^1], LedgerSchema.ReadStates(_connection)));

        // The stored states must be what the entries add up to.
        var computed = new Dictionary<string, LedgerState>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            try
            {
                computed[e.Dataset] = (computed.GetValueOrDefault(e.Dataset) ?? new LedgerState { Dataset = e.Dataset }).Apply(e);
            }
            catch (Exception x) when (x is FormatException or InvalidOperationException)
            {
                problems.Add($"entry {e.Id}: cannot be accounted: {x.Message}");
            }
        }

        var stored = LedgerSchema.ReadStates(_connection);
        foreach (var dataset in computed.Keys.Union(stored.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (computed.GetValueOrDefault(dataset) != stored.GetValueOrDefault(dataset))
            {
                problems.Add($"dataset '{dataset}': its stored budget state is not what its entries add up to: it was changed without the key");
            }
        }

        problems.AddRange(SettlementProblems(entries));
        return problems;
    }

    // The head as a write transaction trusts it: its MAC, the last entry it names (hash, MAC), and the
    // digest of every dataset's state. What a release decides on is authenticated in O(datasets) reads,
    // whatever the number of entries; the rest of the chain is `ledger verify`'s.
    private IEnumerable<string> HeadProblems(LedgerKey key, (long Entries, string? Hash, string? State, string? Mac) head, LedgerEntry? last, Dictionary<string, LedgerState> states)
    {
        if (head.Mac is null || head.Mac != key.Mac(LedgerEntry.HeadText(head.Entries, head.Hash!, head.State!)))
        {
            yield return $"the ledger's head is missing or its MAC does not match under the ledger key {key.Id}: it was changed without the key";
            yield break;
        }

        if (last is null || last.Id != head.Entries || last.Hash != head.Hash)
        {
            yield return $"the ledger's authenticated head says {head.Entries} entries ending in {head.Hash?[..16]}..., but the ledger does not end there: entries were removed from the end, or added without the key";
        }
        else if (last.Mac != key.Mac(LedgerEntry.MacText(last.Hash)) || LedgerEntry.HashOf(last.Canonical()) != last.Hash)
        {
            yield return $"entry {last.Id}: the last entry was changed without the key";
        }

        if (LedgerState.Digest(states.Values) != head.State)
        {
            yield return "the datasets' budget states do not match the ledger's authenticated head: they were changed without the key";
        }
    }

    // The verified head and states for an advisory check, read as one state of the ledger.
    private Head VerifiedHead()
    {
        using var key = TryLoadKey(create: false);
        return InReadTransaction(() => ReadVerifiedHead(key));
    }

    // The verified head and states, for a write or an advisory check; refuses a ledger that fails. Its
    // statements must see one state of the ledger: inside a write's transaction, or a read's.
    private Head ReadVerifiedHead(LedgerKey? key)
    {
        var head = LedgerSchema.ReadHead(_connection);
        var states = LedgerSchema.ReadStates(_connection);
        if (head.Entries == 0 && head.Mac is null)
        {
            // A new ledger: nothing to authenticate, but nothing may be in it, and no key may exist yet
            // (a key is made with the first entry: a key beside an empty ledger means it was emptied).
            RefuseIfBroken(states.Count > 0 || LedgerSchema.ReadEntry(_connection, 1) is not null
                ? ["the ledger has entries or budget states but no head: it was changed without the key"]
                : key is not null && !_creatingKey
                    ? [$"the ledger holds no entries, but its key {KeyPath} exists, and a key is made with a ledger's first entry: every entry was removed (to start a new ledger on purpose, move the old key away too)"]
                    : []);
            return new Head(null, states);
        }

        if (key is null)
        {
            RefuseIfBroken([$"the ledger key {KeyPath} is missing, so its entries cannot be authenticated; name the ledger key file that was created with this ledger"]);
        }

        var last = LedgerSchema.ReadEntry(_connection, head.Entries);
        RefuseIfBroken([.. HeadProblems(key!, head, last, states)]);
        if (LedgerSchema.ReadEntry(_connection, head.Entries + 1) is not null)
        {
            RefuseIfBroken([$"the ledger holds entries after the {head.Entries} its authenticated head names: they were added without the key"]);
        }

        return new Head(last, states);
    }

    private static List<string> HashProblems(IReadOnlyList<LedgerEntry> entries)
    {
        var problems = new List<string>();
        var previous = LedgerEntry.Genesis;
        long expectedId = 1;
        foreach (var e in entries)
        {
            if (e.Id != expectedId)
            {
                problems.Add($"entry {e.Id}: expected entry {expectedId} here; entries are missing");
            }

            if (e.PreviousHash != previous)
            {
                problems.Add($"entry {e.Id}: its previous hash does not match entry {e.Id - 1}'s hash; an entry before it was changed, removed or reordered");
            }

            if (e.Format != 4 || LedgerEntry.HashOf(e.Canonical()) != e.Hash)
            {
                problems.Add($"entry {e.Id}: its fields do not match its hash; the entry was changed");
            }

            previous = e.Hash;
            expectedId = e.Id + 1;
        }

        return problems;
    }

    // What PrivacyShare never writes, whoever holds the key: a spend that is not a positive number, a
    // settlement of something that is not an open reservation of the same dataset and sequence.
    // settlement of something that is not an open reservation of the same dataset, sequence and periods;
    // a reserve entry whose periods do not parse or whose ledger-wide sequence is not the next; a raised
    // budget without a reason.
    private static IEnumerable<string> SettlementProblems(IReadOnlyList<LedgerEntry> entries)
    {
        var open = new Dictionary<long, LedgerEntry>();
        var budgets = new Dictionary<string, Rational>(StringComparer.Ordinal);
        long reserves = 0;
        foreach (var e in entries)
        {
            if (!Rational.TryParse(e.Epsilon, out var epsilon) || epsilon.Sign <= 0)
            {
                yield return $"entry {e.Id}: epsilon '{e.Epsilon}' is not a positive exact number";
                continue;
            }

            if (e.Kind == "budget")
            {
                if (budgets.TryGetValue(e.Dataset, out var before) && epsilon > before && string.IsNullOrWhiteSpace(e.Reason))
                {
                    yield return $"entry {e.Id}: raises the budget of '{e.Dataset}' from {before} to {epsilon} without a reason";
                }

                budgets[e.Dataset] = epsilon;
            }
            else if (e.Kind == "reserve")
            {
                open[e.Id] = e;
                if (!PeriodRange.TryParse(e.Periods, out _) || e.ChargedTo is not ("every" or "read"))
                {
                    yield return $"entry {e.Id}: a reserve entry without the months it reads and where its charge falls";
                }

                if (e.LedgerSequence != ++reserves)
                {
                    yield return $"entry {e.Id}: ledger-wide release number {e.LedgerSequence}, but it is the ledger's release {reserves}";
                }
            }
            else if (e.Kind is "publish" or "abandon"
                && (e.Reservation is not { } r || !open.Remove(r, out var reserve) || reserve.Dataset != e.Dataset || reserve.Sequence != e.Sequence
                    || reserve.Periods != e.Periods || reserve.ChargedTo != e.ChargedTo))
            {
                yield return $"entry {e.Id}: a {e.Kind} entry that settles no open reservation of dataset '{e.Dataset}'";
            }
        }
    }

    private LedgerEntry OpenReservation(Head head, long id)
    {
        var reserve = LedgerSchema.ReadEntry(_connection, id);
        return reserve is { Kind: "reserve" } && head.StateOf(reserve.Dataset).Open == id
            ? reserve
            : throw Throw.NotAnOpenReservation(id);
    }

    // An entry the authenticated state names, checked against its own MAC and hash.
    private LedgerEntry Entry(long id)
    {
        using var key = TryLoadKey(create: false);
        var e = LedgerSchema.ReadEntry(_connection, id);
        if (e is null || key is null || e.Mac != key.Mac(LedgerEntry.MacText(e.Hash)) || LedgerEntry.HashOf(e.Canonical()) != e.Hash)
        {
            RefuseIfBroken([$"entry {id}, which the budget state names, is missing or was changed without the key"]);
        }

        return e!;
    }

    private LedgerKey? TryLoadKey(bool create) =>
        File.Exists(KeyPath) ? LedgerKey.Load(KeyPath)
        : create ? LedgerKey.Create(KeyPath)
        : null;

    private void RefuseIfBroken(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw Throw.LedgerBroken(Path, problems[0], problems.Count - 1);
        }
    }

    private RefusedException NoBudget(string dataset) =>
        Throw.NoBudget(dataset, Path);

    private static RefusedException NotEnough(string dataset, Rational epsilon, PeriodRange? months, Rational total, LedgerState state, PeriodCharges before, string purpose)
    {
        var most = months is { } range ? range.Each().Max(before.Of) : before.PersonLevel;
        return Throw.BudgetTooSmall(dataset, epsilon.ToString(), months is { } m ? $"the months {m.Describe()}" : "every period", (total - most).ToString(), total.ToString(),
            state.Spent.ToString(), state.Releases, state.Abandoned.Length > 0, purpose);
    }

    // Every write checks, under the write lock, what it decides on: the head's MAC, the last entry and
    // the budget states (an entry appended to a ledger someone edited would make the edit look
    // legitimate). That costs a few reads by primary key and one per dataset, never one per entry: a
    // release on a ledger of thousands of entries costs what it does on a new one. The key is created
    // with the ledger's first entry, never for a ledger that has had entries.
    private T InWriteTransaction<T>(Func<LedgerKey, Head, T> body)
    {
        Execute(_connection, "BEGIN IMMEDIATE;");
        var created = false;
        try
        {
            var fresh = LedgerSchema.ReadHead(_connection).Entries == 0 && LedgerSchema.ReadEntry(_connection, 1) is null;
            created = _creatingKey = fresh && !File.Exists(KeyPath);
            using var key = TryLoadKey(create: fresh);
            var head = ReadVerifiedHead(key);
            _creatingKey = false;
            var result = body(key!, head);
            Execute(_connection, "COMMIT;");
            return result;
        }
        catch
        {
            _creatingKey = false;
            Execute(_connection, "ROLLBACK;");
            if (created)
            {
                // The key goes with the first entry: a refused first write leaves neither, or the next
                // write would see a key beside an empty ledger, the sign of an emptied one.
                File.Delete(KeyPath);
            }

            throw;
        }
    }

    // Reads of several statements (the head, the entries, the states) that must see one state of the
    // ledger. Outside a transaction each statement reads the latest commit, so another process's entry
    // committed between two of them looked like an edit: entries beyond the authenticated head, a head
    // that does not name the last entry. In WAL mode a deferred transaction reads one snapshot from its
    // first statement to its end, and writers go on (SQLite, "Isolation In SQLite").
    private T InReadTransaction<T>(Func<T> body)
    {
        Execute(_connection, "BEGIN DEFERRED;");
        try
        {
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

    private sealed record Draft(string Kind, string Dataset, string Epsilon)
    {
        public long? Sequence { get; init; }

        public string? Name { get; init; }

        public string? Version { get; init; }

        public string? ManifestSha256 { get; init; }

        public long? Reservation { get; init; }

        public string? Folder { get; init; }

        public string? Periods { get; init; }

        public string? ChargedTo { get; init; }

        public string? Reason { get; init; }

        public long? LedgerSequence { get; init; }

        public string? Store { get; init; }
    }

    // The verified last entry and every dataset's state, as a write transaction read them.
    private sealed record Head(LedgerEntry? Last, Dictionary<string, LedgerState> States)
    {
        public LedgerState StateOf(string dataset) => States.GetValueOrDefault(dataset) ?? new LedgerState { Dataset = dataset };
    }

    private LedgerEntry Append(LedgerKey key, Head head, Draft d)
    {
        var last = head.Last;
        var entry = new LedgerEntry
        {
            Id = (last?.Id ?? 0) + 1,
            Kind = d.Kind,
            Dataset = d.Dataset,
            Epsilon = d.Epsilon,
            Sequence = d.Sequence,
            Name = d.Name,
            Version = d.Version,
            ManifestSha256 = d.ManifestSha256,
            Reservation = d.Reservation,
            Folder = d.Folder,
            Periods = d.Periods,
            ChargedTo = d.ChargedTo,
            Reason = d.Reason,
            LedgerSequence = d.LedgerSequence,
            Store = d.Store,
            CreatedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            PreviousHash = last?.Hash ?? LedgerEntry.Genesis,
            Hash = "",
        };
        var hash = LedgerEntry.HashOf(entry.Canonical());
        entry = entry with { Hash = hash, Mac = key.Mac(LedgerEntry.MacText(hash)) };
        LedgerSchema.Insert(_connection, entry);
        var state = head.StateOf(d.Dataset).Apply(entry);
        LedgerSchema.WriteState(_connection, state);
        head.States[d.Dataset] = state;
        WriteHead(key, entry.Id, hash, LedgerState.Digest(head.States.Values));
        return entry;
    }

    private void WriteHead(LedgerKey key, long entries, string hash, string state)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO ledger_head(id, entries, hash, state, mac) VALUES (1, $entries, $hash, $state, $mac)";
        command.Parameters.AddWithValue("$entries", entries);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$state", state);
        command.Parameters.AddWithValue("$mac", key.Mac(LedgerEntry.HeadText(entries, hash, state)));
        command.ExecuteNonQuery();
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
