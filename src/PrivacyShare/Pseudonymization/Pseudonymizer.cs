using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Internals.IO;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Turns an arrest extract into a record-level extract in which nobody is named: keyed pseudonyms
/// (stable for the same person across records), generalized dates and places, direct identifiers
/// gone, and a re-identification risk report. Streams on all cores; memory grows only with the
/// number of distinct quasi-identifier combinations (the risk report's class table).
/// </summary>
public static class Pseudonymizer
{
    /// <summary>Runs the job described by <paramref name="options"/>.</summary>
    /// <exception cref="InputException">The input or policy is invalid; nothing is written.</exception>
    /// <exception cref="RefusedException">An output exists and overwriting was not allowed.</exception>
    public static PseudonymizeResult Run(PseudonymizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckMinK(options.MinK, nameof(options));
        OutputPaths.Check([("output", options.OutputPath), ("report", options.ReportPath)], [("input", options.InputPath)]);
        AtomicFile.CheckTarget(options.OutputPath, options.Overwrite);
        if (options.ReportPath is { } reportTarget)
        {
            AtomicFile.CheckTarget(reportTarget, options.Overwrite);
        }

        using var outFile = AtomicFile.Create(options.OutputPath, options.Overwrite, Keys.KeyFiles.SecretMode);
        var (columns, report, read, written, linkage) = Transform(() => CsvTableReader.Open(options.InputPath), options.InputPath, outFile.Stream, options.Key, options.Policy, options.MinK, options.Progress);
        using var reportFile = options.ReportPath is { } path ? AtomicFile.Create(path, options.Overwrite, Keys.KeyFiles.SecretMode) : null; // exact class sizes: 0600
        if (reportFile is not null)
        {
            report.WriteJson(reportFile.Stream);
        }

        outFile.Commit();
        reportFile?.Commit();
        return new PseudonymizeResult
        {
            OutputPath = options.OutputPath,
            OutputColumns = columns,
            KeyId = options.Key.Id,
            RecordsRead = read,
            RecordsWritten = written,
            Risk = report,
            ReportPath = options.ReportPath,
            Linkage = linkage,
        };
    }

    /// <summary>
    /// Pseudonymizes the CSV extract in <paramref name="input"/> into <paramref name="output"/> (UTF-8
    /// CSV), for a program that holds its data in memory or on a network stream: nothing touches the
    /// file system. Both streams stay open. With <paramref name="minK"/> the input is read twice, so it
    /// must be seekable. The result's <see cref="PseudonymizeResult.OutputPath"/> is empty.
    /// </summary>
    /// <exception cref="InputException">The input or policy is invalid; what was written to <paramref name="output"/> must be discarded.</exception>
    public static PseudonymizeResult Run(Stream input, Stream output, PseudonymKey key, PseudonymPolicy? policy = null, int? minK = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(key);
        CheckMinK(minK, nameof(minK));
        if ((minK is not null || (policy ?? PseudonymPolicy.Default).Person is not null) && !input.CanSeek)
        {
            throw Throw.StreamNotSeekable("linking records into people (and a minimum class size) reads the input more than once", nameof(input));
        }

        const string name = "(input stream)";
        var start = input.CanSeek ? input.Position : 0;
        CsvTableReader Open()
        {
            if (input.CanSeek)
            {
                input.Position = start;
            }

            return CsvTableReader.Open(name, new BorrowedStream(input));
        }

        var (columns, report, read, written, linkage) = Transform(Open, name, output, key, policy, minK, progress: null);
        return new PseudonymizeResult { OutputPath = "", OutputColumns = columns, KeyId = key.Id, RecordsRead = read, RecordsWritten = written, Risk = report, Linkage = linkage };
    }

    private static void CheckMinK(int? minK, string parameter)
    {
        if (minK is < 2)
        {
            throw Throw.OutOfRange(parameter, minK, $"the minimum class size must be 2 or more (got {minK})");
        }
    }

    // The job itself, on any input and output: transform, count classes, write CSV to output.
    private static (ImmutableArray<string> Columns, RiskReport Report, long Read, long Written, IdentityLinkage? Linkage) Transform(
        Func<CsvTableReader> open, string inputName, Stream outStream, PseudonymKey key, PseudonymPolicy? policy, int? minK, IProgress<PipelineProgress>? progress)
    {
        Normalization.EnsureAvailable();
        if (policy is null)
        {
            // The built-in policy for the extract's layout: with the date of birth, or with the age at arrest.
            using var peek = open();
            policy = PseudonymPolicy.DefaultFor(peek.Header);
        }

        var risk = new RiskTable(policy.QuasiIdentifiers);
        long read = 0, written = 0;
        PolicyPlan? plan = null;
        IdentityLinkage? linkage = null;
        try
        {
            // With a minimum class size, class sizes must be known before the first record is written:
            // a first pass counts classes (no hashing needed), the second writes. Without it, one pass.
            // Records are linked into people first (docs/identity.md): a person's pseudonym must be known
            // for their first record, and a later record can link it to another identity.
            if (policy.Person is not null)
            {
                var reader = open();
                plan = PolicyPlan.Bind(policy, reader.Header, inputName, key);
                plan.Linker = IdentityLinker.Run(reader, plan.Identity!, static (_, _) => true, representatives: true, progress);
                linkage = plan.Linker.Finish();
            }

            if (minK is not null)
            {
                using var reader = open();
                plan ??= PolicyPlan.Bind(policy, reader.Header, inputName, key);
                BatchPipeline.Run(reader, () => new PseudonymizedBatch(plan),
                    (input, output) =>
                    {
                        output.Reset();
                        plan.Transform(input, output, pseudonyms: false);
                        ClassKeys(plan, output);
                    },
                    output => CountRisk(risk, output), progress, "measuring risk");
            }

            using (var reader = open())
            {
                plan ??= PolicyPlan.Bind(policy, reader.Header, inputName, key);
                // Suppression depends on other people's records, so its output is marked, and a release
                // refuses it (docs/policies.md): the mark is one more column holding k.
                string[] columns = minK is null ? plan.OutputColumns : [.. plan.OutputColumns, Records.ArrestSchema.MinKSuppressed];
                var mark = minK?.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var header = new Utf8CsvRows();
                header.WriteHeader(columns);
                outStream.Write(header.Written);

                // Rows are transformed and formatted as UTF-8 CSV on all cores; this thread only writes
                // the bytes in order and counts classes, which must see every row once.
                var k = minK ?? 0;
                var plain = plan.PlainColumns;
                BatchPipeline.Run(reader, () => new PseudonymizedBatch(plan),
                    (input, output) =>
                    {
                        output.Reset();
                        plan.Transform(input, output, pseudonyms: true);
                        ClassKeys(plan, output);
                        for (var r = 0; r < output.Cells.Count; r++)
                        {
                            if (k == 0 || risk.ClassSize(output.ClassKeys.Get(r, 0)) >= k)
                            {
                                output.Csv.WriteRow(output.Cells, r, plain, mark);
                                output.RowsWritten++;
                            }
                        }

                        output.Csv.Encode();
                    },
                    output =>
                    {
                        read += output.Cells.Count;
                        written += output.RowsWritten;
                        if (k == 0)
                        {
                            CountRisk(risk, output);
                        }

                        outStream.Write(output.Csv.Written);
                    },
                    progress,
                    "pseudonymizing");
            }

            if (plan.Linker?.Error is { } error)
            {
                throw error;
            }

            var report = new RiskReport
            {
                QuasiIdentifiers = policy.QuasiIdentifiers,
                Before = risk.Statistics(),
                WithoutEach = risk.WithoutEach(),
                UniquestPairs = risk.UniquestPairs(),
                MinK = minK,
                RecordsRemoved = read - written,
                After = minK is { } m ? risk.Statistics(m) : null,
            };
            return ([.. plan.OutputColumns, .. minK is null ? Array.Empty<string>() : [Records.ArrestSchema.MinKSuppressed]], report, read, written, linkage);
        }
        finally
        {
            plan?.Dispose(); // the HMAC contexts hold the key's pad states
        }
    }

    private static void ClassKeys(PolicyPlan plan, PseudonymizedBatch output)
    {
        for (var r = 0; r < output.Cells.Count; r++)
        {
            RiskTable.AppendKey(output.Cells, r, plan.QuasiIdentifierColumns, output.ClassKeys);
        }
    }

    private static void CountRisk(RiskTable risk, PseudonymizedBatch output)
    {
        for (var r = 0; r < output.ClassKeys.Count; r++)
        {
            risk.Add(output.ClassKeys.Get(r, 0));
        }
    }
}
