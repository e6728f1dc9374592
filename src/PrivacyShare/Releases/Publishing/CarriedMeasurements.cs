namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// The noisy measurements a calendar release carries from the releases before it (docs/calendar.md,
/// "Publishing a calendar"): every earlier period's cells, and every earlier release's dropped-records
/// counts, each with the sequence number of the release that drew it. The writer draws noise only for
/// the cells marked fresh, and writes the carried ones again as they were.
/// </summary>
internal sealed class CarriedMeasurements
{
    /// <summary>Per table, per cell and group: whether this release measures it now.</summary>
    public required bool[][] Fresh { get; init; }

    /// <summary>Per table, per cell and group not fresh: the carried noisy count.</summary>
    public required long[][] Values { get; init; }

    /// <summary>Per table, per cell and group not fresh: the sequence number of the release that measured it.</summary>
    public required long[][] Sequences { get; init; }

    /// <summary>The labels of the periods this release measures.</summary>
    public required IReadOnlyList<string> PeriodsMeasured { get; init; }

    /// <summary>
    /// Per dropped-records class (of the design's measured ones): whether this release draws it. Null:
    /// every class (a regular release of a calendar without summaries measured so far).
    /// </summary>
    public bool[]? DroppedFresh { get; init; }

    /// <summary>For a summary release: the previous release's published values, per table (cell-major, then measure), to report what the summary changed.</summary>
    public long[][]? PreviousValues { get; init; }

    /// <summary>The summary this release measures (2009), or null for a regular release.</summary>
    public string? SummaryMeasured { get; init; }

    /// <summary>Earlier releases' dropped-records counts: class, group, noisy count, sequence.</summary>
    public required IReadOnlyList<(int Class, int Group, long Value, long Sequence)> Dropped { get; init; }
}
