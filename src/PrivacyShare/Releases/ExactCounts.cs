namespace PrivacyShare.Releases;

/// <summary>
/// The exact counts a release is computed from, kept in memory only and never written or printed:
/// per table, one count per cell and measure. Plus how many records were read, used and left out.
/// </summary>
internal sealed class ExactCounts
{
    public required long[][] Tables { get; init; } // [table][cell * measures + measure]

    public long RecordsRead { get; set; }

    public long RecordsUsed { get; set; }

    public long OutsidePeriod { get; set; }

    public long DroppedByBound { get; set; }

    public long People { get; set; }
}
