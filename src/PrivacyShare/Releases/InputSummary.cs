namespace PrivacyShare.Releases;

/// <summary>
/// What the release read, for the records unit running it: exact figures, never written into the
/// release folder.
/// </summary>
public sealed class InputSummary
{
    internal InputSummary(long recordsRead, long recordsUsed, long outsidePeriod, long droppedByBound, long beyondTwiceBound, Pseudonymization.IdentityLinkage? linkage)
    {
        RecordsRead = recordsRead;
        RecordsUsed = recordsUsed;
        OutsidePeriod = outsidePeriod;
        DroppedByBound = droppedByBound;
        BeyondTwiceBound = beyondTwiceBound;
        Linkage = linkage;
    }

    /// <summary>Records in the input.</summary>
    public long RecordsRead { get; }

    /// <summary>Records counted.</summary>
    public long RecordsUsed { get; }

    /// <summary>Records left out because their month is outside the period.</summary>
    public long OutsidePeriod { get; }

    /// <summary>Records left out by the contribution bound.</summary>
    public long DroppedByBound { get; }

    /// <summary>
    /// Records of a person beyond twice a table's bound, counted once per table's bound and stages
    /// (by dropped-records count): no measurement counts them, so the published intervals do not cover
    /// them (docs/proofs/intervals.md). Zero when every interval covers the true count of all records.
    /// </summary>
    public long BeyondTwiceBound { get; }

    /// <summary>What linking records into people found (null when the input had person_id, linked by pseudonymize).</summary>
    public Pseudonymization.IdentityLinkage? Linkage { get; }
}
