namespace PrivacyShare.Releases.Counting;

/// <summary>
/// The exact counts a release is computed from, kept in memory only and never written or printed:
/// per table, one count per cell and measure. Plus how many records were read, used and left out.
/// </summary>
internal sealed class ExactCounts
{
    public required long[][] Tables { get; set; } // [table][cell * groups + group]

    public required long[][] Dropped { get; set; } // [dropped class][its group]: records beyond the bound, up to twice it

    public long BeyondTwiceBound { get; set; }

    public long RecordsRead { get; set; }

    public long RecordsUsed { get; set; }

    public long OutsidePeriod { get; set; }

    public long DroppedByBound { get; set; }

    public long People { get; set; }

    /// <summary>What identity linkage found, when the input had no person_id (null otherwise).</summary>
    public Pseudonymization.IdentityLinkage? Linkage { get; set; }
}
