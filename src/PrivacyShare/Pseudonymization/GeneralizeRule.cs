namespace PrivacyShare.Pseudonymization;

/// <summary>How a generalized column is coarsened.</summary>
internal enum GeneralizeRule
{
    /// <summary>A date becomes its month, <c>yyyy-MM</c>.</summary>
    Month,

    /// <summary>A date becomes its year, <c>yyyy</c>.</summary>
    Year,

    /// <summary>A birth date becomes the age band at another date column (<c>at</c>): 0-17 18-24 25-34 35-44 45-54 55-64 65+.</summary>
    AgeBand,

    /// <summary>A ZIP code becomes its first three digits.</summary>
    Zip3,
}
