using System.Collections.Immutable;
using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Releases.Publishing;

namespace PrivacyShare.Releases;

/// <summary>
/// One regular period of a calendar (docs/calendar.md): reads the extract as known at the end of the
/// period, measures only what is new since the calendar's last release, under each person's caps across
/// the calendar (the calendar store), charges the months it reads, and republishes the whole calendar
/// to date: every earlier period's measurements carried from the previous release, byte for byte, and
/// every table estimated again from all of them.
/// </summary>
internal static class CalendarReleaser
{
    public static ReleaseResult Run(ReleaseOptions options)
    {
        var full = options.Spec.Design;
        var calendar = full.Heading.Calendar!;
        var dataset = full.Heading.Dataset;
        var label = options.Period ?? throw Throw.PeriodRequired(dataset, calendar.Periods[0].Label, nameof(options));
        var period = calendar.Find(label, out var problem) ?? throw Throw.NotAPeriod(problem, nameof(options));
        if (options.InputStream is not null)
        {
            throw Throw.StreamNotSeekable("a calendar release reads its extract from a file", nameof(ReleaseOptions.InputStream));
        }

        var index = period.IsSummary ? -1 : calendar.Periods.IndexOf(period);
        var target = Path.GetFullPath(options.OutputDirectory);
        Releaser.CheckTarget(options.OutputDirectory, target);
        using var folderLock = Internals.IO.FileLock.TryAcquire(Releaser.LockPath(target), TimeSpan.FromSeconds(1))
            ?? throw Throw.ReleaseFolderBusy(options.OutputDirectory);
        Releaser.CheckTarget(options.OutputDirectory, target);
        Releaser.RemoveLeftovers(Path.GetDirectoryName(target)!, Path.GetFileName(target));

        // A calendar reads and replaces its store: releases of a ledger run one at a time from here on.
        using var ledger = BudgetLedger.Open(options.LedgerPath, options.LedgerKeyPath);
        using var ledgerLock = ledger.TryLockPublishing(Releaser.LedgerWait) ?? throw Throw.LedgerBusy(ledger.Path, Releaser.LedgerWait.TotalMinutes);
        Releaser.SettleOpen(ledger, dataset);
        using var key = ledger.LoadKey();
        var fingerprint = Fingerprint(full);
        var previousStore = ledger.StoreOf(dataset);
        var store = CalendarStoreFile.Load(ledger.Path, dataset, previousStore, key) ?? new CalendarStore(dataset, fingerprint, full.Dropped.Length);
        if (store.Dataset != dataset || store.Design != fingerprint)
        {
            throw Throw.CalendarChanged(dataset);
        }

        // Periods a release measured and never published (it crashed after its charge) are measured
        // again, from the store, and charged again: the first charge stays spent.
        var previous = ledger.LastPublished(dataset);
        var (publishedThrough, measurementsSha, summaries, hashes) = previous is { } p ? PublishedThrough(p.Folder, p.ManifestSha256, calendar) : (-1, "", [], []);
        if (period.IsSummary)
        {
            return Summary(options, ledger, key, store, previousStore, previous, publishedThrough, measurementsSha, summaries, hashes, period, target);
        }

        if (index <= publishedThrough)
        {
            throw Throw.PeriodReleased(dataset, label, calendar.Periods[publishedThrough].Label,
                publishedThrough + 1 < calendar.Periods.Length ? calendar.Periods[publishedThrough + 1].Label : null);
        }

        var first = publishedThrough + 1;
        (int From, int To)? remeasure = store.LastPeriod > publishedThrough ? (first, store.LastPeriod) : null;
        var firstNew = Math.Min(store.LastPeriod + 1, index);
        var months = new PeriodRange(calendar.Periods[first].From, period.To);
        var design = Through(full, index).WithSummaries(summaries, "(calendar release)", forRelease: true);
        ledger.CheckAffordable(dataset, design.TotalEpsilon, months, everyPeriod: false);
        if (remeasure is { } again && options.Notice is { } told)
        {
            told($"dataset '{dataset}': the release of {Span(calendar, again.From, again.To)} was charged but never published (a crash or a failed write after its charge); " +
                $"this release measures its events again, as the calendar capped them then, and charges its months again (epsilon {design.TotalEpsilon}; the first charge stays spent).");
        }

        if (firstNew < index && options.Notice is { } notice)
        {
            notice($"dataset '{dataset}': no release was made for {Span(calendar, firstNew, index - 1)}; this release measures {Span(calendar, firstNew, index)} together, " +
                $"charges epsilon {design.TotalEpsilon} to each of their months, puts bookings first seen now in their arrest month's period and outcomes recorded since the last release in {label}.");
        }

        options.Progress?.Report(new PipelineProgress("counting", 0));
        var counts = CalendarCounter.Count(design, index, store, key, options.InputPath, firstNew, remeasure);
        (counts.Counts.Tables, counts.Counts.Dropped) = Layout(design, counts.Counts.Tables, counts.Counts.Dropped, null);
        var carried = Carry(design, previous, measurementsSha, first, index, null);
        options.Progress?.Report(new PipelineProgress("charging the budget", 0));
        var storeSha = CalendarStoreFile.Save(store, key, ledger.Path);
        var (reservation, version, manifest) = Releaser.ChargeAndWrite(options, ledger, design, target,
            () => ledger.Reserve(dataset, design.TotalEpsilon, months, everyPeriod: false, target, new CalendarCharge(storeSha, previousStore)),
            (staging, charged, v) => ReleaseWriter.Write(staging, design, v, charged, counts.Counts, options.SigningKey, options.Progress, carried));
        CalendarStoreFile.Prune(ledger.Path, dataset, storeSha);
        var c = counts.Counts;
        return new ReleaseResult(options.OutputDirectory, version, reservation.Sequence, reservation.CumulativeEpsilon, reservation.TotalBudget, manifest, ledger.Path, ReleasePlan.Of(design),
            new InputSummary(c.RecordsRead, c.RecordsUsed, c.OutsidePeriod, c.DroppedByBound, c.BeyondTwiceBound, null))
        {
            Calendar = new CalendarSummary(label, [.. Enumerable.Range(first, index - first + 1).Select(i => calendar.Periods[i].Label)],
                counts.NewBookings, counts.NewEvents, counts.Progressed, counts.Withdrawn, counts.Vanished, counts.PersonChanged)
            { Remeasured = counts.Remeasured },
        };
    }

    // A summary (docs/calendar.md): the span's periods measured again, from the store, as each event was
    // capped when first measured, with the extract's dimension values; charged to the span's months at
    // the summary's epsilon. The store does not change; the release republishes the calendar to date
    // with every regular measurement carried, the summary's drawn now.
    private static ReleaseResult Summary(ReleaseOptions options, BudgetLedger ledger, LedgerKey key, CalendarStore store, string? previousStore,
        (string Folder, string ManifestSha256)? previous, int publishedThrough, string measurementsSha, ImmutableArray<string> summaries, Dictionary<string, string> hashes, CalendarPeriod span, string target)
    {
        var full = options.Spec.Design;
        var calendar = full.Heading.Calendar!;
        var dataset = full.Heading.Dataset;
        var periods = calendar.PeriodsIn(span).Select(p => calendar.Periods.IndexOf(p)).ToArray();
        if (publishedThrough < periods[^1] || store.LastPeriod > publishedThrough)
        {
            throw Throw.SummaryTooEarly(dataset, span.Label, calendar.Periods[periods[^1]].Label, publishedThrough >= 0 ? calendar.Periods[publishedThrough].Label : null);
        }

        if (summaries.Contains(span.Label, StringComparer.Ordinal))
        {
            throw Throw.SummaryReleased(dataset, span.Label);
        }

        var regular = Through(full, publishedThrough);
        var design = regular.WithSummaries([.. summaries, span.Label], "(calendar release)", forRelease: true);
        var summary = design.Summaries[^1].Design;
        var months = new PeriodRange(span.From, span.To);
        ledger.CheckAffordable(dataset, summary.TotalEpsilon, months, everyPeriod: false);

        options.Progress?.Report(new PipelineProgress("counting", 0));
        var counts = CalendarCounter.CountSummary(regular, periods[0], periods[^1], store, key, options.InputPath);
        var exact = counts.Counts;
        (exact.Tables, exact.Dropped) = Layout(design, null, null, (design.Summaries[^1], [.. Aggregate(regular, exact.Tables, design.Summaries[^1])], []));
        var before = ValueChanges.ReadPrevious(design, previous!.Value.Folder, hashes);
        var carried = Carry(design, previous, measurementsSha, publishedThrough + 1, publishedThrough, span, before);
        options.Progress?.Report(new PipelineProgress("charging the budget", 0));
        var (reservation, version, manifest) = Releaser.ChargeAndWrite(options, ledger, design, target,
            () => ledger.Reserve(dataset, summary.TotalEpsilon, months, everyPeriod: false, target, new CalendarCharge(previousStore!, previousStore)),
            (staging, charged, v) => ReleaseWriter.Write(staging, design, v, charged, exact, options.SigningKey, options.Progress, carried));
        return new ReleaseResult(options.OutputDirectory, version, reservation.Sequence, reservation.CumulativeEpsilon, reservation.TotalBudget, manifest, ledger.Path, ReleasePlan.Of(design),
            new InputSummary(exact.RecordsRead, exact.RecordsUsed, exact.OutsidePeriod, exact.DroppedByBound, exact.BeyondTwiceBound, null))
        {
            Charged = summary.TotalEpsilon,
            Calendar = new CalendarSummary(span.Label, [.. periods.Select(i => calendar.Periods[i].Label)], counts.NewBookings, 0, 0, 0, counts.Vanished, counts.PersonChanged)
            { Remeasured = counts.Remeasured, IsSummary = true },
        };
    }

    // Exact counts laid out over what the release measures and carries (design.MeasuredTables, then
    // MeasuredDropped): the regular tables' and classes' counts (zeros when this release measures none of
    // them), then each summary's: zeros for one carried, the counts of the one measured now.
    private static (long[][] Tables, long[][] Dropped) Layout(ReleaseDesign design, IReadOnlyList<long[]>? regularTables, IReadOnlyList<long[]>? regularDropped,
        (SummaryDesign Summary, IReadOnlyList<long[]> Tables, IReadOnlyList<long[]> Dropped)? fresh)
    {
        static long[] Zeros(TableDesign t) => new long[t.Cells * t.Groups.Length];
        static long[] None(DroppedDesign c) => new long[c.Counts];
        long[][] tables = [.. regularTables ?? [.. design.Tables.Select(Zeros)], .. design.Summaries.SelectMany(s => s == fresh?.Summary ? fresh.Value.Tables : [.. s.Design.Tables.Select(Zeros)])];
        long[][] dropped = [.. regularDropped ?? [.. design.Dropped.Select(None)], .. design.Summaries.SelectMany(s => s == fresh?.Summary ? fresh.Value.Dropped : [.. s.Design.Dropped.Select(None)])];
        return (tables, dropped);
    }

    // The counts of a summary's span, in its tables' layout: each table's cells of the span's periods,
    // added over the periods (the summary table has the table's other dimensions only).
    private static IEnumerable<long[]> Aggregate(ReleaseDesign regular, IReadOnlyList<long[]> byPeriod, SummaryDesign summary)
    {
        var period = regular.AttributeOf("period");
        var inSpan = summary.Periods.ToHashSet();
        for (var t = 0; t < regular.Tables.Length; t++)
        {
            var table = regular.Tables[t];
            var target = summary.Design.Tables[t];
            var result = new long[target.Cells * target.Groups.Length];
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var position = table.Attributes.IndexOf(period);
            var rest = sizes.Where((_, i) => i != position).ToArray();
            var values = new int[sizes.Length];
            var groups = table.Groups.Length;
            for (long cell = 0; cell < table.Cells; cell++)
            {
                CellIndex.Decode(cell, sizes, values);
                if (!inSpan.Contains(values[position]))
                {
                    continue;
                }

                var to = CellIndex.Encode([.. values.Where((_, i) => i != position)], rest);
                for (var g = 0; g < groups; g++)
                {
                    result[to * groups + g] += byPeriod[t][cell * groups + g];
                }
            }

            yield return result;
        }
    }

    // What the store's meaning rests on: the calendar, and per bound class its bound and event kinds. A
    // spec changed mid-calendar in any of these would count under other caps; refused.
    private static string Fingerprint(ReleaseDesign design) =>
        $"{design.Heading.Calendar!.Describe()}|{string.Join(';', design.Dropped.Select(d => $"{d.Bound}:{(int)d.Stages}:{string.Join(',', d.Tables)}"))}|" +
        string.Join(';', design.Tables.Select(t => $"{t.Name}:{string.Join(',', t.Dimensions.Select(d => d.Name))}:{string.Join(',', t.Measures)}:{t.Epsilon}"));

    private static string Span(CalendarDesign calendar, int from, int to) =>
        from == to ? calendar.Periods[from].Label : $"{calendar.Periods[from].Label} to {calendar.Periods[to].Label}";

    // The design of a release of period `index`: every table by the periods from the calendar's first to it.
    private static ReleaseDesign Through(ReleaseDesign full, int index)
    {
        var calendar = full.Heading.Calendar!;
        var tables = full.DeclaredOver(calendar.Periods.Take(index + 1)).ToList();
        var heading = full.Heading with { To = calendar.Periods[index].To };
        return ReleaseDesign.Create(heading, tables, full.DroppedShare, null, "(calendar release)", forRelease: true);
    }

    // The last period the previous release published, from its manifest, which must be the one the
    // ledger names; and the SHA-256 its manifest gives measurements.csv, which the carried rows must have.
    private static (int Period, string MeasurementsSha, ImmutableArray<string> Summaries, Dictionary<string, string> Hashes) PublishedThrough(string folder, string sha, CalendarDesign calendar)
    {
        var found = ReleaseFolder.TryReadManifest(folder);
        if (found is not var (manifest, bytes) || ReleaseFolder.Sha256(bytes) != sha || manifest.Privacy?.Calendar?.Period is not { } label
            || manifest.Resources?.FirstOrDefault(r => r?.Path == ReleaseFolder.MeasurementsFileName)?.Hash is not { } hash || !hash.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw Throw.PreviousReleaseMissing(folder, sha);
        }

        var hashes = manifest.Resources.Where(r => r?.Path is not null && r.Hash is { } h && h.StartsWith("sha256:", StringComparison.Ordinal))
            .ToDictionary(r => r!.Path!, r => r!.Hash!["sha256:".Length..], StringComparer.Ordinal);
        return (calendar.Periods.Select(p => p.Label).ToList().IndexOf(label), hash["sha256:".Length..], [.. manifest.Privacy.Calendar.Summaries ?? []], hashes);
    }

    // The previous release's measurements: each earlier period's cells as it published them, every earlier
    // summary's, and every dropped-records count, with the sequence of the release that drew it. Fresh:
    // a regular release's cells from period `first` on and its regular dropped counts; a summary
    // release's (`summary`) own summary tables and dropped counts.
    private static CarriedMeasurements Carry(ReleaseDesign design, (string Folder, string ManifestSha256)? previous, string measurementsSha, int first, int index, CalendarPeriod? summary, long[][]? previousValues = null)
    {
        var period = design.AttributeOf("period");
        var tables = design.MeasuredTables.ToArray();
        var classes = design.MeasuredDropped.ToArray();
        var owner = design.Tables.Select(_ => (string?)null).Concat(design.Summaries.SelectMany(x => x.Design.Tables.Select(_ => (string?)x.Span.Label))).ToArray();
        var classOwner = design.Dropped.Select(_ => (string?)null).Concat(design.Summaries.SelectMany(x => x.Design.Dropped.Select(_ => (string?)x.Span.Label))).ToArray();
        var fresh = tables.Select(t => new bool[t.Cells * t.Groups.Length]).ToArray();
        for (var t = 0; t < tables.Length; t++)
        {
            var table = tables[t];
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var at = table.Attributes.IndexOf(period);
            var cell = new int[sizes.Length];
            for (long c = 0; c < table.Cells; c++)
            {
                CellIndex.Decode(c, sizes, cell);
                for (var g = 0; g < table.Groups.Length; g++)
                {
                    fresh[t][c * table.Groups.Length + g] = owner[t] is null ? summary is null && cell[at] >= first : owner[t] == summary?.Label;
                }
            }
        }

        MeasurementsFile? carried = null;
        if (previous is { } p)
        {
            var path = Path.Combine(p.Folder, ReleaseFolder.MeasurementsFileName);
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
            if (ReleaseFolder.Sha256(bytes) != measurementsSha)
            {
                throw Throw.PreviousReleaseMissing(p.Folder, p.ManifestSha256);
            }

            using var reader = CsvTableReader.Open(path, new MemoryStream(bytes, writable: false));
            carried = MeasurementsFile.Read(reader, tables, classes, events: true);

            // The previous release published everything before `first`; anything missing would leave a cell unmeasured.
            for (var t = 0; t < tables.Length; t++)
            {
                for (var i = 0; i < fresh[t].Length; i++)
                {
                    if (!fresh[t][i] && !carried.Seen[t][i])
                    {
                        throw Throw.BadRelease(path, null, null, $"lacks a measurement of table {tables[t].Name} that the calendar published before");
                    }
                }
            }
        }

        return new CarriedMeasurements
        {
            Fresh = fresh,
            Values = carried?.Values ?? [.. tables.Select(t => new long[t.Cells * t.Groups.Length])],
            Sequences = carried?.Sequences ?? [.. tables.Select(t => new long[t.Cells * t.Groups.Length])],
            Dropped = carried?.Dropped ?? [],
            DroppedFresh = [.. classOwner.Select(o => o == summary?.Label)],
            SummaryMeasured = summary?.Label,
            PreviousValues = previousValues,
            PeriodsMeasured = summary is { } s
                ? [.. design.Summaries.Single(x => x.Span.Label == s.Label).Periods.Select(i => design.Dimensions[period].Values[i])]
                : [.. Enumerable.Range(first, index - first + 1).Select(i => design.Dimensions[period].Values[i])],
        };
    }
}
