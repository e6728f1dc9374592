namespace PrivacyShare.Releases;

/// <summary>
/// What the release read, for the records unit running it: exact figures, never written into the
/// release folder.
/// </summary>
/// <param name="RecordsRead">Records in the input.</param>
/// <param name="RecordsUsed">Records counted.</param>
/// <param name="OutsidePeriod">Records left out because their month is outside the period.</param>
/// <param name="DroppedByBound">Records left out by the contribution bound.</param>
public sealed record InputSummary(long RecordsRead, long RecordsUsed, long OutsidePeriod, long DroppedByBound)
{
    /// <summary>What linking records into people found (null when the input had person_id, linked by pseudonymize).</summary>
    public Pseudonymization.IdentityLinkage? Linkage { get; init; }
}
