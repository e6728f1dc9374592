using PrivacyShare.Csv;
using PrivacyShare.IO;

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
        if (options.MinK is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinK, $"min-k must be 2 or more (got {options.MinK})");
        }

        Normalization.EnsureAvailable();
        var policy = options.Policy ?? PseudonymPolicy.Default;
        OutputPaths.Check([("output", options.OutputPath), ("report", options.ReportPath)], [("input", options.InputPath)]);
        AtomicFile.CheckTarget(options.OutputPath, options.Overwrite);
        if (options.ReportPath is { } reportTarget)
        {
            AtomicFile.CheckTarget(reportTarget, options.Overwrite);
        }

        var risk = new RiskTable(policy.QuasiIdentifiers);
        long read = 0, written = 0;
        PolicyPlan? plan = null;
        try
        {

            // With --min-k, class sizes must be known before the first record is written: a first pass
            // counts classes (no hashing needed), the second writes. Without it, one pass does both.
            if (options.MinK is not null)
            {
                using var reader = CsvTableReader.Open(options.InputPath);
                plan = PolicyPlan.Bind(policy, reader.Header, options.InputPath, options.Key);
                BatchPipeline.Run(reader, () => new PseudonymizedBatch(plan),
                    (input, output) =>
                    {
                        output.Reset();
                        plan.Transform(input, output, pseudonyms: false);
                        ClassKeys(plan, output);
                    },
                    output => CountRisk(risk, output), options.Progress, "measuring risk");
            }

            using var outFile = AtomicFile.Create(options.OutputPath, options.Overwrite, Keys.KeyFiles.SecretMode);
            using (var reader = CsvTableReader.Open(options.InputPath))
            {
                plan ??= PolicyPlan.Bind(policy, reader.Header, options.InputPath, options.Key);
                var header = new Utf8CsvRows();
                header.WriteHeader(plan.OutputColumns);
                outFile.Stream.Write(header.Written);

                // Rows are transformed and formatted as UTF-8 CSV on all cores; this thread only writes
                // the bytes in order and counts classes, which must see every row once.
                var k = options.MinK ?? 0;
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
                                output.Csv.WriteRow(output.Cells, r, plain);
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

                        outFile.Stream.Write(output.Csv.Written);
                    },
                    options.Progress,
                    "pseudonymizing");
            }

            var report = new RiskReport
            {
                QuasiIdentifiers = policy.QuasiIdentifiers,
                Before = risk.Statistics(),
                WithoutEach = risk.WithoutEach(),
                UniquestPairs = risk.UniquestPairs(),
                MinK = options.MinK,
                RecordsRemoved = read - written,
                After = options.MinK is { } minK ? risk.Statistics(minK) : null,
            };

            using var reportFile = options.ReportPath is { } path ? AtomicFile.Create(path, options.Overwrite) : null;
            if (reportFile is not null)
            {
                report.WriteJson(reportFile.Stream);
            }

            outFile.Commit();
            reportFile?.Commit();
            return new PseudonymizeResult
            {
                OutputPath = options.OutputPath,
                OutputColumns = plan.OutputColumns,
                KeyId = options.Key.Id,
                RecordsRead = read,
                RecordsWritten = written,
                Risk = report,
                ReportPath = options.ReportPath,
            };
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
