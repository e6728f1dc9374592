using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Releases.Publishing;

namespace PrivacyShare.Releases;

/// <summary>
/// Publishes differentially private tables as a Frictionless Data Package: counts every cell and stage
/// group of the declared domains (zeros included) under the contribution bounds, charges the privacy
/// budget in the ledger, adds exact discrete Laplace noise, combines the noisy measurements into one
/// consistent estimate (<see cref="Estimation.ReleaseEstimates"/>), and writes the folder atomically.
/// </summary>
public static partial class Releaser
{
    /// <summary>How long a release waits for another release sharing its ledger to finish publishing.</summary>
    internal static readonly TimeSpan LedgerWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs the release described by <paramref name="options"/>. The order is what makes a crash safe
    /// (SECURITY.md): the charge is committed to the ledger before any noise is drawn; the folder is
    /// written under a hidden name and renamed into place; then the charge is marked published. A crash
    /// before the rename leaves a charged, abandoned release; one after it, a release the next run
    /// finds and records. Noise never exists uncharged.
    /// </summary>
    /// <exception cref="InputException">The input is invalid; nothing is published or spent.</exception>
    /// <exception cref="RefusedException">The folder exists or is being written by another release, or the budget is missing or insufficient (refused before any noise is drawn).</exception>
    public static ReleaseResult Run(ReleaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var design = options.Spec.Design;
        var dataset = design.Heading.Dataset;
        if (design.Heading.Calendar is not null || options.Period is not null)
        {
            return design.Heading.Calendar is null
                ? throw Throw.PeriodWithoutCalendar(dataset, nameof(options))
                : CalendarReleaser.Run(options);
        }

        var target = Path.GetFullPath(options.OutputDirectory);
        CheckTarget(options.OutputDirectory, target);

        // One release at a time into a folder: the others are refused here, before any spend.
        using var folderLock = Internals.IO.FileLock.TryAcquire(LockPath(target), TimeSpan.FromSeconds(1))
            ?? throw Throw.ReleaseFolderBusy(options.OutputDirectory);
        CheckTarget(options.OutputDirectory, target);
        RemoveLeftovers(Path.GetDirectoryName(target)!, Path.GetFileName(target));

        // Refuse early when the budget cannot cover the release (the binding check is repeated when
        // the charge is committed); then the exact counts, outside any lock, because reading is the slow part.
        // A one-shot release reads every month of its spec and charges every period (PeriodCharges says why).
        var periods = new PeriodRange(design.Heading.From, design.Heading.To);
        using var ledger = BudgetLedger.Open(options.LedgerPath, options.LedgerKeyPath);
        ledger.CheckAffordable(dataset, design.TotalEpsilon, periods, everyPeriod: true);
        var counts = options.InputStream is { } stream
            ? ReleaseCounter.Count(design, () => CsvTableReader.Open(options.InputPath, new Internals.IO.BorrowedStream(stream)), options.Progress, Path.GetDirectoryName(target))
            : ReleaseCounter.Count(design, options.InputPath, options.Progress, Path.GetDirectoryName(target));
        var plan = ReleasePlan.For(options.Spec);

        // Releases sharing a ledger publish one at a time, so each names the one before it. A release
        // left open by a crash is settled first: published if its folder is in place, else abandoned.
        options.Progress?.Report(new PipelineProgress("charging the budget", 0));
        using var ledgerLock = ledger.TryLockPublishing(LedgerWait)
            ?? throw Throw.LedgerBusy(ledger.Path, LedgerWait.TotalMinutes);
        SettleOpen(ledger, dataset);
        if (options.Notice is { } notice && ledger.PublishedReads(dataset, periods) is { Count: > 0 } reread)
        {
            notice(RereadNotice(dataset, periods, reread, design.TotalEpsilon));
        }

        var (reservation, version, manifest) = ChargeAndWrite(options, ledger, design, target,
            () => ledger.Reserve(dataset, design.TotalEpsilon, periods, everyPeriod: true, target),
            (staging, charged, v) => ReleaseWriter.Write(staging, design, v, charged, counts, options.SigningKey, options.Progress));
        return new ReleaseResult(options.OutputDirectory, version, reservation.Sequence, reservation.CumulativeEpsilon, reservation.TotalBudget, manifest, ledger.Path, plan,
            new InputSummary(counts.RecordsRead, counts.RecordsUsed, counts.OutsidePeriod, counts.DroppedByBound, counts.BeyondTwiceBound, counts.Linkage));
    }

    /// <summary>
    /// The part every release shares, in the order that makes a crash safe (SECURITY.md): sets disk
    /// space aside, charges the ledger (<paramref name="reserve"/>, committed before any noise is drawn),
    /// writes the folder under a hidden name (<paramref name="write"/>, which draws the noise) and renames
    /// it into place, then marks the charge published; a failure after the charge abandons it, spent.
    /// </summary>
    internal static (Reservation Reservation, string Version, string Manifest) ChargeAndWrite(ReleaseOptions options, BudgetLedger ledger, ReleaseDesign design, string target,
        Func<Reservation> reserve, Func<string, Reservation, string, string> write)
    {
        // Disk space for the files is set aside before the charge, so that a full disk refuses the
        // release while nothing is spent; after the charge, a failure leaves the budget spent.
        var parent = Path.GetDirectoryName(target)!;
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        SetAside(staging, design);
        Reservation reservation;
        try
        {
            reservation = reserve();
        }
        catch
        {
            TryDelete(staging);
            throw;
        }

        var version = design.Heading.Version ?? reservation.Sequence.ToString(CultureInfo.InvariantCulture);
        string manifest;
        var renamed = false;
        try
        {
            File.Delete(Path.Combine(staging, SpaceFileName));
            manifest = write(staging, reservation, version);
            try
            {
                Directory.Move(staging, target);
                renamed = true;
            }
            catch (IOException e) when (Directory.Exists(target) || File.Exists(target))
            {
                throw Throw.ReleaseFolderAppeared(options.OutputDirectory, reservation.Sequence, e.Message);
            }
        }
        catch (Exception e) when (!renamed)
        {
            // The release never appeared: its charge is settled as abandoned now, and stays spent.
            TryDelete(staging);
            ledger.Abandon(reservation.EntryId);
            if (e is IOException io)
            {
                throw Throw.ReleaseNotWritten(e.Message, design.TotalEpsilon.ToString(), reservation.Sequence, io);
            }

            throw;
        }

        // In place: recorded as published even if making the rename durable fails.
        try
        {
            Internals.IO.FolderSync.Flush(parent);
        }
        finally
        {
            ledger.Publish(reservation.EntryId, design.Heading.Dataset, version, manifest);
        }

        return (reservation, version, manifest);
    }

    private const string SpaceFileName = ".space";

    // Re-reading months publishes them again with new noise: two releases then give two answers for
    // January, and a reader who averages them learns more than either says. It is allowed (the charge
    // covers it) but never silent.
    private static string RereadNotice(string dataset, PeriodRange periods, IReadOnlyList<(long Sequence, PeriodRange Months)> reread, Privacy.Rational epsilon)
    {
        var months = reread.Select(r => r.Months).ToList();
        var from = months.Min(m => m.From);
        var to = months.Max(m => m.To);
        var releases = string.Join(", ", reread.Select(r => $"#{r.Sequence} ({r.Months.Describe()})"));
        return $"dataset '{dataset}': this release reads {periods.Describe()}, and {new PeriodRange(from, to).Describe()} was published already by release(s) {releases}. " +
            $"Those months are published again with new noise, so readers will see two different figures for them, and they are charged again (epsilon {epsilon}). " +
            "To publish each month once, declare a calendar and release one period at a time (docs/calendar.md).";
    }

    // Creates the staging folder holding a file as large as the release may need (a generous bound:
    // 256 KiB, plus 1 KiB per published value and per noisy measurement; the example spec's release is
    // under 100 KB), written out so that the file system really allocates it.
    private static void SetAside(string staging, ReleaseDesign design)
    {
        var values = design.Tables.Sum(t => t.Cells * (t.Measures.Length + t.Groups.Length)) + design.Dropped.Sum(c => c.Groups.Length);
        var bytes = (256L << 10) + (values << 10);
        try
        {
            // fallocate(2) through .NET, which throws on ENOSPC: the blocks are the file system's before
            // the charge, without writing them.
            Directory.CreateDirectory(staging);
            using var space = new FileStream(Path.Combine(staging, SpaceFileName), new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                PreallocationSize = bytes,
            });
        }
        catch (IOException e)
        {
            TryDelete(staging);
            throw Throw.NoSpaceForRelease(Path.GetDirectoryName(staging)!, bytes, e);
        }
    }

    // A reservation left open by a release that crashed (its process, and so its lock, is gone): if its
    // folder is in place with this very charge's manifest (the manifest's ledger head is the reserve
    // entry's hash), the crash came after the rename and the release is recorded as published;
    // otherwise it never appeared and is recorded as abandoned. Its epsilon stays spent either way.
    internal static void SettleOpen(BudgetLedger ledger, string dataset)
    {
        if (ledger.OpenOf(dataset) is { } open)
        {
            var found = open.Folder is { } folder ? ReleaseFolder.TryReadManifest(folder) : null;
            if (found is var (manifest, bytes) && manifest.Name == open.Dataset && manifest.Privacy is { } privacy && privacy.Sequence == open.Sequence && privacy.LedgerHead?.Hash == open.Hash)
            {
                ledger.Publish(open.Id, open.Dataset, manifest.Version ?? "", ReleaseFolder.Sha256(bytes));
            }
            else
            {
                ledger.Abandon(open.Id);
            }
        }
    }

    internal static string LockPath(string target) => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.privacyshare-lock");

    // Staging folders (.NAME.GUID.tmp) and lock files (.NAME.privacyshare-lock) left by releases that crashed, found
    // by the next release into the same parent folder. A release that still runs holds NAME's lock, so
    // its folder is kept; this release holds its own NAME's lock already, so its own leftovers go.
    internal static void RemoveLeftovers(string parent, string own)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(parent, ".*"))
        {
            var match = LeftoverName().Match(Path.GetFileName(path));
            if (!match.Success)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            var isStaging = match.Groups["guid"].Success;
            if (name == own)
            {
                if (isStaging)
                {
                    TryDelete(path);
                }

                continue;
            }

            if (isStaging ? !Directory.Exists(path) : !File.Exists(path))
            {
                continue;
            }

            // Taking the lock and letting it go removes a stale lock file too.
            using var held = Internals.IO.FileLock.TryAcquire(Path.Combine(parent, $".{name}.privacyshare-lock"), TimeSpan.Zero);
            if (held is not null && isStaging)
            {
                TryDelete(path);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^\\.(?<name>.+?)(\\.(?<guid>[0-9a-f]{32})\\.tmp|\\.privacyshare-lock)$", System.Text.RegularExpressions.RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex LeftoverName();

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next release into this parent folder, which removes leftovers.
        }
    }

    internal static void CheckTarget(string given, string full)
    {
        if (Directory.Exists(full) || File.Exists(full))
        {
            throw Throw.ReleaseFolderExists(given);
        }

        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent))
        {
            throw Throw.NoSuchFolder(given, parent);
        }
    }
}
