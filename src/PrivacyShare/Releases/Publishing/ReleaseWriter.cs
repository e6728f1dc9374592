using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Ledger;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// Writes a charged release into its (hidden) staging folder: draws the noise, estimates, writes the
/// tables, measurements.csv, METHODOLOGY.md, report.html and datapackage.json, signs, and syncs. Its
/// caller guarantees the charge is committed first (the release pipeline); the exact counts go no
/// further than this class.
/// </summary>
internal static class ReleaseWriter
{
    /// <summary>Writes the release; returns the manifest's sha256.</summary>
    /// <exception cref="RefusedException">The estimate disagrees with the measurements (a fault in PrivacyShare): nothing is signed.</exception>
    public static string Write(string staging, ReleaseDesign design, string version, Reservation reservation, ExactCounts counts, Signing.SigningKey? key, IProgress<PipelineProgress>? progress, CarriedMeasurements? carried = null)
    {
        progress?.Report(new PipelineProgress("estimating", 0));
        var sequence = reservation.Sequence;

        // Noise for what this release measures; a calendar's earlier measurements as they were published.
        // A calendar's summaries are measured tables too (design.MeasuredTables), never published as tables.
        var tables = design.MeasuredTables.ToArray();
        var classes = design.MeasuredDropped.ToArray();
        var measured = tables.Select((t, i) => counts.Tables[i].Select((c, j) => carried is null || carried.Fresh[i][j]
            ? (double)(c + t.Noise.Sample())
            : carried.Values[i][j]).ToArray()).ToArray();
        var sequences = tables.Select((t, i) => counts.Tables[i].Select((_, j) => carried is null || carried.Fresh[i][j] ? sequence : carried.Sequences[i][j]).ToArray()).ToArray();

        // A release draws the dropped-records counts of what it measures: a regular release the regular
        // classes, a summary its own (carried.DroppedFresh says which).
        var fresh = classes.Select((c, k) => carried?.DroppedFresh is { } drawn && !drawn[k] ? null : counts.Dropped[k].Select(d => d + c.Noise.Sample()).ToArray()).ToArray();
        var earlier = carried?.Dropped ?? [];
        List<(int Class, int Group, long Value, long Sequence)> dropped = [.. earlier, .. fresh.SelectMany((d, k) => (d ?? []).Select((v, g) => (k, g, v, sequence)))];
        var estimator = design.Estimator(measured, dropped, sequences);
        if (estimator.Disagreement() is { } disagreement)
        {
            throw Throw.EstimateDisagrees(disagreement);
        }

        var published = estimator.Publish();
        var changes = carried?.PreviousValues is { } previous ? ValueChanges.Compare(design, published, previous) : null;
        for (var i = 0; i < design.Tables.Length; i++)
        {
            WriteTable(Path.Combine(staging, ReleaseFolder.TableFileName(design.Tables[i].Name)), design.Tables[i], published[i]);
        }

        progress?.Report(new PipelineProgress("writing and signing", 0));
        WriteMeasurements(Path.Combine(staging, ReleaseFolder.MeasurementsFileName), tables, classes, measured, sequences, dropped);
        // Each bound's left-out records, once for both texts: in a calendar, a convolution of every release's noise.
        LeftOutCount[] leftOut = [.. design.Dropped.Select((_, k) => LeftOutCount.Of(estimator.Dropped, k))];
        File.WriteAllText(Path.Combine(staging, ReleaseFolder.MethodologyFileName), Methodology.Write(design, version, reservation, changes, ReleaseReport.Example(design, published, estimator), leftOut), Utf8Text.NoBom);
        File.WriteAllText(Path.Combine(staging, ReleaseFolder.ReportFileName), ReleaseReport.Write(design, version, reservation, published, estimator, key?.Id, leftOut, carried?.SummaryMeasured, changes), Utf8Text.NoBom);
        var package = DataPackage.Write(staging, design, version, reservation, carried?.PeriodsMeasured, carried?.SummaryMeasured);
        if (key is not null)
        {
            File.WriteAllText(Path.Combine(staging, ReleaseFolder.SignatureFileName), key.Sign(package, TrustedComment(design.Heading.Dataset, version, reservation.Sequence)), Utf8Text.NoBom);
        }

        SyncFiles(staging);
        return ReleaseFolder.Sha256(package);
    }

    /// <summary>
    /// The signature's trusted comment, which the global signature covers:
    /// <c>timestamp:UNIX\tfile:datapackage.json\thashed\trelease:NAME@VERSION\tseq:N</c>.
    /// </summary>
    internal static string TrustedComment(string dataset, string version, long sequence) =>
        $"timestamp:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\tfile:{ReleaseFolder.ManifestFileName}\thashed\trelease:{dataset}@{version}\tseq:{sequence}";

    // Every cell of the declared domains, in order, zeros included; each measure's display value (a
    // consistent non-negative integer) followed by its 95% interval for the true count, <measure>_lower and
    // <measure>_upper, and its interval from noise alone, <measure>_noise_lower and <measure>_noise_upper.
    private static void WriteTable(string path, TableDesign table, PublishedTable published)
    {
        var header = table.Dimensions.Select(d => d.Name).Concat(table.Measures.SelectMany(Measures.Columns)).ToArray();
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new CsvTableWriter(stream, header);
        var dims = table.Dimensions;
        var index = new int[dims.Length];
        var sizes = dims.Select(d => d.Values.Length).ToArray();
        for (long cell = 0; cell < table.Cells; cell++)
        {
            CellIndex.Decode(cell, sizes, index);
            using var row = writer.NewRow();
            for (var d = 0; d < dims.Length; d++)
            {
                writer.SetText(row, d, dims[d].Values[index[d]]);
            }

            for (var m = 0; m < table.Measures.Length; m++)
            {
                var i = cell * table.Measures.Length + m;
                var at = dims.Length + 5 * m;
                var interval = published.Intervals[i];
                SetNumber(row, at, published.Display[i]);
                SetNumber(row, at + 1, interval.Lower);
                SetNumber(row, at + 2, interval.Upper);
                SetNumber(row, at + 3, interval.NoiseLower);
                SetNumber(row, at + 4, interval.NoiseUpper);
            }
        }

        writer.Complete();
    }

    // The raw noisy measurements, each with its noise scale, as the Census Bureau publishes its noisy
    // measurement files: anyone can redo the estimation (docs/releases.md says how).
    private static void WriteMeasurements(string path, TableDesign[] tables, DroppedDesign[] classes, double[][] measured, long[][] sequences, IReadOnlyList<(int Class, int Group, long Value, long Sequence)> dropped)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new CsvTableWriter(stream, [.. ReleaseFolder.MeasurementColumns]);
        for (var t = 0; t < tables.Length; t++)
        {
            var table = tables[t];
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var index = new int[sizes.Length];
            var scale = table.Scale.ToString();
            var groups = table.Groups.Select(Stages.Describe).ToArray();
            for (long cell = 0; cell < table.Cells; cell++)
            {
                CellIndex.Decode(cell, sizes, index);
                var label = ReleaseFolder.CellLabel(table.Dimensions, index);
                for (var g = 0; g < groups.Length; g++)
                {
                    var i = cell * groups.Length + g;
                    WriteMeasurement(writer, table.Name, label, groups[g], (long)measured[t][i], scale, sequences[t][i]);
                }
            }
        }

        // Each release's dropped-records counts, in the order of the releases, then of the classes.
        foreach (var (k, g, value, sequence) in dropped.OrderBy(d => d.Sequence).ThenBy(d => d.Class).ThenBy(d => d.Group))
        {
            var c = classes[k];
            var (period, group) = Math.DivRem(g, c.Groups.Length);
            var cell = c.PeriodDimension is { } by ? ReleaseFolder.CellLabel([by], [period]) : "";
            WriteMeasurement(writer, c.Name, cell, Stages.Describe(c.Groups[group]), value, c.Scale.ToString(), sequence);
        }

        writer.Complete();
    }

    private static void WriteMeasurement(CsvTableWriter writer, string table, string cell, string stages, long value, string scale, long sequence)
    {
        using var row = writer.NewRow();
        writer.SetText(row, 0, table);
        writer.SetText(row, 1, cell);
        writer.SetText(row, 2, stages);
        SetNumber(row, 3, value);
        writer.SetText(row, 4, scale);
        SetNumber(row, 5, sequence);
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
