using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>What <see cref="Synthesizer.Run"/> should generate and where.</summary>
public sealed class SynthOptions
{
    /// <summary>The number of arrest rows, at least 1.</summary>
    public required long Rows { get; init; }

    /// <summary>The seed; the same seed gives the same file.</summary>
    public required int Seed { get; init; }

    /// <summary>The CSV file to write.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The profile; the built-in <c>boston-2008</c> when null.</summary>
    public SyntheticProfile? Profile { get; init; }

    /// <summary>The first month, overriding the profile's period.</summary>
    public ArrestMonth? From { get; init; }

    /// <summary>The last month, overriding the profile's period.</summary>
    public ArrestMonth? To { get; init; }

    /// <summary>
    /// Write the extract as known at the end of this month: the same history (<see cref="Rows"/> arrests
    /// from <see cref="From"/> to <see cref="To"/>, from the same seed), with only the arrests made by
    /// then and only the detainers and removals recorded by then (the profile's outcome lags). Snapshots of
    /// one seed are consistent: each is the one before plus what happened since.
    /// </summary>
    public ArrestMonth? AsOf { get; init; }

    /// <summary>Where to write the exact counts per (month, offense level), if anywhere.</summary>
    public string? TruthPath { get; init; }

    /// <summary>Whether existing output files may be replaced.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Told the rows generated so far (stage "generating"), every 65,536 rows.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }
}
