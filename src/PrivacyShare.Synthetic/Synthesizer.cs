using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;
using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Writes a synthetic canonical arrest extract (and optionally its exact counts), streaming: rows
/// go straight from the generator to the CSV writer, so memory does not depend on the row count.
/// </summary>
public static class Synthesizer
{
    /// <summary>The largest row count accepted; far beyond any real department's extract.</summary>
    public const long MaxRows = 1_000_000_000;

    /// <summary>Generates the extract described by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The row count or period is out of range.</exception>
    /// <exception cref="InputException">An output folder is missing.</exception>
    /// <exception cref="RefusedException">An output exists and <see cref="SynthOptions.Overwrite"/> is not set.</exception>
    public static SynthResult Run(SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rows is < 1 or > MaxRows)
        {
            throw Throw.OutOfRange(nameof(options), options.Rows,
                $"rows must be from 1 to {MaxRows:N0} (got {options.Rows})");
        }

        var profile = options.Profile ?? SyntheticProfile.Default;
        var from = options.From ?? profile.From;
        var to = options.To ?? profile.To;
        if (to < from)
        {
            throw Throw.PeriodReversed(from.ToString(), to.ToString(), nameof(options));
        }

        if (options.AsOf is { } asOf && (asOf < from || asOf > to))
        {
            throw Throw.OutOfRange(nameof(options), $"the as-of month {asOf} must fall in the history, {from} to {to}");
        }

        // Check every target before writing anything, so a bad --truth path cannot leave a CSV behind.
        OutputPaths.Check([("output", options.OutputPath), ("truth", options.TruthPath)], []);
        AtomicFile.CheckTarget(options.OutputPath, options.Overwrite);
        if (options.TruthPath is { } truthTarget)
        {
            AtomicFile.CheckTarget(truthTarget, options.Overwrite);
        }

        var generator = new ArrestGenerator(profile, options.Seed, from, to);
        var truth = new GroundTruth(from, to);
        long matches = 0, detainers = 0, removals = 0, written = 0;

        using var csvFile = AtomicFile.Create(options.OutputPath, options.Overwrite, Keys.KeyFiles.SecretMode);
        using (var writer = new ArrestCsvWriter(csvFile.Stream))
        {
            for (long i = 0; i < options.Rows; i++)
            {
                var record = generator.Next(out var arrestStyle, out var dobStyle);
                if (options.AsOf is { } snapshot)
                {
                    if (AsKnown(record, generator.LastLags, snapshot) is not { } known)
                    {
                        continue; // arrested after the snapshot's month
                    }

                    record = known;
                }

                written++;
                writer.Write(record, arrestStyle, dobStyle);
                truth.Add(record);
                matches += record.IdentMatch ? 1 : 0;
                detainers += record.DetainerIssued ? 1 : 0;
                removals += record.Removed ? 1 : 0;
                if ((i & 0xFFFF) == 0xFFFF)
                {
                    options.Progress?.Report(new PipelineProgress("generating", i + 1));
                }
            }

            writer.Complete();
        }

        using var truthFile = options.TruthPath is { } t ? AtomicFile.Create(t, options.Overwrite, Keys.KeyFiles.SecretMode) : null; // exact counts: 0600, whatever the umask
        if (truthFile is not null)
        {
            truth.WriteJson(truthFile.Stream, profile.Name, options.Seed, options.Rows);
        }

        csvFile.Commit();
        truthFile?.Commit();
        return new SynthResult
        {
            OutputPath = options.OutputPath,
            TruthPath = options.TruthPath,
            Profile = profile.Name,
            From = from,
            To = to,
            Rows = written,
            AsOf = options.AsOf,
            People = generator.People,
            PeopleWithRepeats = generator.PeopleWithRepeats,
            IdentMatches = matches,
            Detainers = detainers,
            Removals = removals,
        };
    }

    // The record as an extract made at the end of asOf shows it: null when the arrest came later; else
    // with a detainer or removal only when it was recorded by then.
    private static ArrestRecord? AsKnown(ArrestRecord record, (int Detainer, int Removal) lags, ArrestMonth asOf)
    {
        var month = ArrestMonth.Of(record.ArrestDate);
        if (month > asOf)
        {
            return null;
        }

        return record with
        {
            DetainerIssued = record.DetainerIssued && month.Plus(lags.Detainer) <= asOf,
            Removed = record.Removed && month.Plus(lags.Removal) <= asOf,
        };
    }
}
