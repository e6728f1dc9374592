using PrivacyShare.Import;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;
using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Completes a real export into a canonical extract with synthetic people, so that real layouts can be
/// run end to end: open data has no names, dates of birth, FBI numbers or ICE fields. The mapping's
/// columns keep the export's values (dates, districts, charges, sex, race, ages), row for row and in
/// order; the columns it gives no rule for are filled from a profile (<see cref="ExportFiller"/>):
/// people consistent with each row's sex, race, ethnicity and age or age group, repeat arrestees typed
/// as clerks type them, and IDENT matches, detainers and removals at the profile's rates.
/// Deterministic for a seed; streams, holding a bounded pool of people.
/// </summary>
public static class Augmenter
{
    /// <summary>Completes the export described by <paramref name="options"/>.</summary>
    /// <exception cref="InputException">The export cannot be read, its header does not fit the mapping, or the mapping keeps no booking or arrest date.</exception>
    /// <exception cref="RefusedException">The output exists and <see cref="AugmentOptions.Overwrite"/> is not set.</exception>
    public static AugmentResult Run(AugmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mapping = options.Mapping;
        foreach (var kept in new[] { ArrestSchema.BookingId, ArrestSchema.ArrestDate })
        {
            if (mapping.Unmapped.Contains(kept, StringComparer.Ordinal))
            {
                throw Throw.BadMapping(mapping.Source, "columns", $"gives no rule for {kept}: the export's rows are kept as they are, and each needs its own {kept} from the export");
            }
        }

        OutputPaths.Check([("output", options.OutputPath)], [("input", options.InputPath)]);
        AtomicFile.CheckTarget(options.OutputPath, options.Overwrite);
        var profile = options.Profile ?? SyntheticProfile.Default;
        var filler = new ExportFiller(profile, options.Seed, mapping.Unmapped, mapping.Age);

        // Invented people have birth dates, drawn within each row's age: the extract gives dob.
        var age = mapping.Age && !filler.InventsPeople;
        long matches = 0, detainers = 0, removals = 0;
        using var file = AtomicFile.Create(options.OutputPath, options.Overwrite, Keys.KeyFiles.SecretMode);
        ImportResult read;
        using (var writer = new ArrestCsvWriter(file.Stream, age))
        {
            read = Importer.Read(options.InputPath, mapping, (cells, line) =>
            {
                var record = filler.Complete(cells, options.InputPath, line);
                matches += record.IdentMatch ? 1 : 0;
                detainers += record.DetainerIssued ? 1 : 0;
                removals += record.Removed ? 1 : 0;
                writer.Write(record);
            }, options.Progress);
            if (read.Problems.IsEmpty)
            {
                writer.Complete();
            }
        }

        if (read.Problems.IsEmpty)
        {
            file.Commit();
        }

        var filled = mapping.Age && filler.InventsPeople ? mapping.Unmapped.Add(ArrestSchema.Dob) : mapping.Unmapped;
        return new AugmentResult
        {
            OutputPath = options.OutputPath,
            Rows = read.Rows,
            Written = read.Problems.IsEmpty,
            Problems = read.Problems,
            Filled = filled,
            People = filler.People,
            PeopleWithRepeats = filler.PeopleWithRepeats,
            IdentMatches = matches,
            Detainers = detainers,
            Removals = removals,
        };
    }
}
