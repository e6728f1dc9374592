using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PrivacyShare.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Packaging;

namespace PrivacyShare.Releases;

/// <summary>
/// Publishes differentially private tables as a Frictionless Data Package: counts every cell and stage
/// group of the declared domains (zeros included) under the contribution bounds, charges the privacy
/// budget in the ledger, adds exact discrete Laplace noise, combines the noisy measurements into one
/// consistent estimate (<see cref="Estimation.ReleaseEstimates"/>), and writes the folder atomically.
/// </summary>
public static partial class Releaser
{
    /// <summary>The raw noisy measurements' file, for researchers who redo the estimation.</summary>
    public const string MeasurementsFileName = "measurements.csv";

    /// <summary>The release's page for readers (README, `privacyshare release`).</summary>
    public const string ReportFileName = "report.html";

    /// <summary>How long a release waits for another release sharing its ledger to finish publishing.</summary>
    private static readonly TimeSpan LedgerWait = TimeSpan.FromMinutes(10);

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
        var spec = options.Spec;
        var target = Path.GetFullPath(options.OutputDirectory);
        var parent = Path.GetDirectoryName(target)!;
        CheckTarget(options.OutputDirectory, target);

        // One release at a time into a folder: the others are refused here, before any spend.
        using var folderLock = IO.FileLock.TryAcquire(LockPath(target), TimeSpan.FromSeconds(1))
            ?? throw Throw.Refused($"{options.OutputDirectory}: another release into this folder is in progress; nothing was spent. Choose another folder, or wait for it to finish.");
        CheckTarget(options.OutputDirectory, target);
        RemoveLeftovers(parent, Path.GetFileName(target));

        // Refuse early when the budget cannot cover the release (the binding check is repeated when
        // the charge is committed); then the exact counts, outside any lock, because reading is the slow part.
        using var ledger = BudgetLedger.Open(options.LedgerPath, options.LedgerKeyPath);
        ledger.CheckAffordable(spec.Dataset, spec.TotalEpsilon);
        var counts = options.InputStream is { } stream
            ? ReleaseCounter.Count(spec, Reopen(options.InputPath, stream), options.Progress)
            : ReleaseCounter.Count(spec, options.InputPath, options.Progress);
        var plan = Design.ReleasePlan.For(spec);

        // Releases sharing a ledger publish one at a time, so each names the one before it. A release
        // left open by a crash is settled first: published if its folder is in place, else abandoned.
        options.Progress?.Report(new IO.PipelineProgress("charging the budget", 0));
        using var ledgerLock = ledger.TryLockPublishing(LedgerWait)
            ?? throw Throw.Refused($"another release using the ledger {ledger.Path} has not finished in {LedgerWait.TotalMinutes} minutes; nothing was spent. Try again later.");
        SettleOpen(ledger, spec.Dataset);

        // Disk space for the files is set aside before the charge, so that a full disk refuses the
        // release while nothing is spent; after the charge, a failure leaves the budget spent.
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        SetAside(staging, spec);
        Reservation reservation;
        try
        {
            reservation = ledger.Reserve(spec.Dataset, spec.TotalEpsilon, target);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }

        var version = spec.Version ?? reservation.Sequence.ToString(CultureInfo.InvariantCulture);
        string manifest;
        var renamed = false;
        try
        {
            File.Delete(Path.Combine(staging, SpaceFileName));
            manifest = WriteRelease(options, staging, version, reservation, counts, plan);
            try
            {
                Directory.Move(staging, target);
                renamed = true;
            }
            catch (IOException e) when (Directory.Exists(target) || File.Exists(target))
            {
                throw Throw.Refused($"{options.OutputDirectory}: appeared while the release was prepared; nothing was replaced. The budget it was charged (ledger sequence {reservation.Sequence}) stays spent. {e.Message}");
            }
        }
        catch (Exception e) when (!renamed)
        {
            // The release never appeared: its charge is settled as abandoned now, and stays spent.
            TryDelete(staging);
            ledger.Abandon(reservation.EntryId);
            if (e is IOException)
            {
                throw Throw.IO($"{e.Message}; the release had been charged epsilon {spec.TotalEpsilon} (ledger sequence {reservation.Sequence}) before its noise was drawn, and that stays spent; the charge is recorded as abandoned", e);
            }

            throw;
        }

        // In place: recorded as published even if making the rename durable fails.
        try
        {
            IO.FolderSync.Flush(parent);
        }
        finally
        {
            ledger.Publish(reservation.EntryId, spec.Dataset, version, manifest);
        }
        return new ReleaseResult
        {
            Directory = options.OutputDirectory,
            Dataset = spec.Dataset,
            Version = version,
            Sequence = reservation.Sequence,
            Epsilon = spec.TotalEpsilon,
            CumulativeEpsilon = reservation.CumulativeEpsilon,
            Budget = reservation.TotalBudget,
            ManifestSha256 = manifest,
            LedgerPath = ledger.Path,
            Plan = plan,
            Input = new InputSummary(counts.RecordsRead, counts.RecordsUsed, counts.OutsidePeriod, counts.DroppedByBound) { Linkage = counts.Linkage },
        };
    }

    private const string SpaceFileName = ".space";

    // A stream read once per pass: identity linkage reads records without person_id twice, so the
    // stream must then be seekable (the counter asks for the second reader only in that case).
    private static Func<CsvTableReader> Reopen(string name, Stream stream)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var opened = 0;
        return () =>
        {
            if (opened++ > 0)
            {
                if (!stream.CanSeek)
                {
                    throw Throw.Argument("records without a person_id column are read twice (once to link identities, once to count); give a seekable stream, or read it into memory first", nameof(ReleaseOptions.InputStream));
                }

                stream.Position = start;
            }

            return CsvTableReader.Open(name, new IO.BorrowedStream(stream));
        };
    }

    // Creates the staging folder holding a file as large as the release may need (a generous bound:
    // 256 KiB, plus 1 KiB per published value and per noisy measurement; the example spec's release is
    // under 100 KB), written out so that the file system really allocates it.
    private static void SetAside(string staging, ReleaseSpec spec)
    {
        var values = spec.Tables.Sum(t => t.Cells * (t.Measures.Length + t.Groups.Length)) + spec.DroppedClasses.Sum(c => c.Groups.Length);
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
            throw Throw.IO($"{Path.GetDirectoryName(staging)}: not enough free space for the release, about {bytes:N0} bytes ({e.Message}); nothing was written and no budget was spent", e);
        }
    }

    // Draws the noise (the charge is committed), estimates, writes every file into the hidden staging
    // folder, signs, and syncs; returns the manifest's sha256. The exact counts go no further.
    private static string WriteRelease(ReleaseOptions options, string staging, string version, Reservation reservation, ExactCounts counts, Design.ReleasePlan plan)
    {
        var spec = options.Spec;
        options.Progress?.Report(new IO.PipelineProgress("estimating", 0));
        var tables = spec.Tables.Select((t, i) => (Spec: t, Noise: spec.NoiseOf(t), Release: plan.Tables[i])).ToArray();
        var measured = tables.Select((t, i) => counts.Tables[i].Select(c => (double)(c + t.Noise.Sample())).ToArray()).ToArray();
        var dropped = spec.DroppedClasses.Select((c, k) =>
        {
            var noise = spec.NoiseOf(c);
            return new Estimation.DroppedMeasurement(c.Groups, [.. counts.Dropped[k].Select(d => (double)(d + noise.Sample()))], Estimation.NoiseSum.ToDouble(c.Scale));
        }).ToArray();
        var estimator = new Estimation.GlsEstimator(spec.Model, measured, dropped);
        if (Estimation.ReleaseEstimates.Disagreement(spec, estimator, measured) is { } disagreement)
        {
            throw Throw.Refused($"the release is not written or signed: {disagreement}. This is a fault in PrivacyShare's estimator; please report it. The epsilon it was charged stays spent");
        }

        var published = Estimation.ReleaseEstimates.Compute(spec, estimator);
        for (var i = 0; i < tables.Length; i++)
        {
            WriteTable(Path.Combine(staging, tables[i].Spec.Name + ".csv"), tables[i].Spec, published[i]);
        }

        options.Progress?.Report(new IO.PipelineProgress("writing and signing", 0));
        WriteMeasurements(Path.Combine(staging, MeasurementsFileName), spec, measured, dropped);
        File.WriteAllText(Path.Combine(staging, "METHODOLOGY.md"), Methodology.Write(spec, version, reservation, [.. tables.Select(t => t.Release)]), Utf8Text.NoBom);
        File.WriteAllText(Path.Combine(staging, ReleaseReport.FileName), ReleaseReport.Write(spec, version, reservation, plan, published, estimator, options.SigningKey?.Id), Utf8Text.NoBom);
        var package = DataPackage.Write(staging, spec, version, reservation, [.. tables.Select(t => t.Release)]);
        if (options.SigningKey is { } key)
        {
            File.WriteAllText(Path.Combine(staging, DataPackage.SignatureFileName), key.Sign(package, TrustedComment(spec.Dataset, version, reservation.Sequence)), Utf8Text.NoBom);
        }

        SyncFiles(staging);
        return Convert.ToHexStringLower(SHA256.HashData(package));
    }

    // A reservation left open by a release that crashed (its process, and so its lock, is gone): if its
    // folder is in place with this very charge's manifest (the manifest's ledger head is the reserve
    // entry's hash), the crash came after the rename and the release is recorded as published;
    // otherwise it never appeared and is recorded as abandoned. Its epsilon stays spent either way.
    private static void SettleOpen(BudgetLedger ledger, string dataset)
    {
        if (ledger.OpenOf(dataset) is { } open)
        {
            var manifest = open.Folder is { } folder
                ? IO.RegularFile.Read(Path.Combine(folder, DataPackage.FileName), DataPackage.MaxManifestBytes).Bytes
                : null;
            var identity = manifest is null ? null : ManifestIdentity.Of(manifest);
            if (identity is not null && identity.Dataset == open.Dataset && identity.Sequence == open.Sequence && identity.LedgerHeadHash == open.Hash)
            {
                ledger.Publish(open.Id, open.Dataset, identity.Version ?? "", Convert.ToHexStringLower(SHA256.HashData(manifest!)));
            }
            else
            {
                ledger.Abandon(open.Id);
            }
        }
    }

    private static string LockPath(string target) => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.privacyshare-lock");

    // Staging folders (.NAME.GUID.tmp) and lock files (.NAME.privacyshare-lock) left by releases that crashed, found
    // by the next release into the same parent folder. A release that still runs holds NAME's lock, so
    // its folder is kept; this release holds its own NAME's lock already, so its own leftovers go.
    private static void RemoveLeftovers(string parent, string own)
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
            using var held = IO.FileLock.TryAcquire(Path.Combine(parent, $".{name}.privacyshare-lock"), TimeSpan.Zero);
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

    /// <summary>
    /// The signature's trusted comment, which the global signature covers:
    /// <c>timestamp:UNIX\tfile:datapackage.json\thashed\trelease:NAME@VERSION\tseq:N</c>.
    /// </summary>
    internal static string TrustedComment(string dataset, string version, long sequence) =>
        $"timestamp:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\tfile:{DataPackage.FileName}\thashed\trelease:{dataset}@{version}\tseq:{sequence}";

    private static void CheckTarget(string given, string full)
    {
        if (Directory.Exists(full) || File.Exists(full))
        {
            throw Throw.Refused($"{given}: already exists; a release folder is never overwritten. Choose a new folder.");
        }

        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent))
        {
            throw Throw.Input(given, null, null, $"the folder '{parent}' does not exist; create it first");
        }
    }

    // Every cell of the declared domains, in order, zeros included; each measure's display value (a
    // consistent non-negative integer) followed by its 95% interval, <measure>_lower and <measure>_upper.
    private static void WriteTable(string path, TableSpec table, Estimation.PublishedTable published)
    {
        var header = table.Dimensions.Select(d => d.Name).Concat(table.Measures.SelectMany(m => new[] { m, m + "_lower", m + "_upper" })).ToArray();
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new CsvTableWriter(stream, header);
        var dims = table.Dimensions;
        var index = new int[dims.Length];
        var sizes = dims.Select(d => d.Values.Length).ToArray();
        for (long cell = 0; cell < table.Cells; cell++)
        {
            Estimation.DisplayRounding.Decode(cell, sizes, index);
            using var row = writer.NewRow();
            for (var d = 0; d < dims.Length; d++)
            {
                writer.SetText(row, d, dims[d].Values[index[d]]);
            }

            for (var m = 0; m < table.Measures.Length; m++)
            {
                var i = cell * table.Measures.Length + m;
                SetNumber(row, dims.Length + 3 * m, published.Display[i]);
                SetNumber(row, dims.Length + 3 * m + 1, published.Lower[i]);
                SetNumber(row, dims.Length + 3 * m + 2, published.Upper[i]);
            }
        }

        writer.Complete();
    }

    // The raw noisy measurements, each with its noise scale, as the Census Bureau publishes its noisy
    // measurement files: anyone can redo the estimation (docs/releases.md says how).
    private static void WriteMeasurements(string path, ReleaseSpec spec, double[][] measured, Estimation.DroppedMeasurement[] dropped)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new CsvTableWriter(stream, MeasurementColumns);
        for (var t = 0; t < spec.Tables.Length; t++)
        {
            var table = spec.Tables[t];
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var index = new int[sizes.Length];
            var scale = table.Scale.ToString();
            for (long cell = 0; cell < table.Cells; cell++)
            {
                Estimation.DisplayRounding.Decode(cell, sizes, index);
                var label = string.Join(';', table.Dimensions.Select((d, k) => $"{d.Name}={d.Values[index[k]]}"));
                for (var g = 0; g < table.Groups.Length; g++)
                {
                    WriteMeasurement(writer, table.Name, label, Design.Stages.Describe(table.Groups[g]), (long)measured[t][cell * table.Groups.Length + g], scale);
                }
            }
        }

        for (var k = 0; k < spec.DroppedClasses.Length; k++)
        {
            var c = spec.DroppedClasses[k];
            for (var g = 0; g < c.Groups.Length; g++)
            {
                WriteMeasurement(writer, c.Name, "", Design.Stages.Describe(c.Groups[g]), (long)dropped[k].Noisy[g], c.Scale.ToString());
            }
        }

        writer.Complete();
    }

    /// <summary>The columns of measurements.csv.</summary>
    internal static readonly string[] MeasurementColumns = ["table", "cell", "stages", "noisy_count", "noise_scale"];

    private static void WriteMeasurement(CsvTableWriter writer, string table, string cell, string stages, long value, string scale)
    {
        using var row = writer.NewRow();
        writer.SetText(row, 0, table);
        writer.SetText(row, 1, cell);
        writer.SetText(row, 2, stages);
        SetNumber(row, 3, value);
        writer.SetText(row, 4, scale);
    }

    private static void SetNumber(nietras.SeparatedValues.SepWriter.Row row, int column, long value)
    {
        Span<char> number = stackalloc char[24];
        value.TryFormat(number, out var n, provider: CultureInfo.InvariantCulture);
        CsvTableWriter.SetValue(row, column, number[..n]);
    }

    // Every file reaches the disk before the ledger commits the release. The files are synced together,
    // in parallel, so the journal can batch them: one file after another cost 0.2 to 0.35 s here.
    private static void SyncFiles(string folder) =>
        Parallel.ForEach(Directory.GetFiles(folder), path =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            file.Flush(flushToDisk: true);
        });
}
