namespace PrivacyShare.Pseudonymization;

/// <summary>
/// How identifiable an extract is through its quasi-identifiers: records that share their
/// combination of values with few others (an equivalence class, as in k-anonymity) are easy to
/// single out for anyone who knows those values about a person.
/// </summary>
internal sealed record RiskStatistics
{
    /// <summary>Records counted.</summary>
    public required long Records { get; init; }

    /// <summary>Distinct combinations of quasi-identifier values (equivalence classes).</summary>
    public required long Classes { get; init; }

    /// <summary>Records alone in their class: unique, re-identifiable by anyone who knows those values.</summary>
    public required long RecordsInUniqueClasses { get; init; }

    /// <summary>Records in classes of fewer than 5.</summary>
    public required long RecordsInClassesBelow5 { get; init; }

    /// <summary>Records in classes of fewer than 10.</summary>
    public required long RecordsInClassesBelow10 { get; init; }

    /// <summary>The size of the smallest class (the extract's k); 0 when there are no records.</summary>
    public required long SmallestClassSize { get; init; }
}
