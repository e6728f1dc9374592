namespace PrivacyShare.Records;

/// <summary>Ethnicity as recorded at booking, with its one-letter NCIC code.</summary>
internal enum Ethnicity
{
    /// <summary>Code <c>H</c>: Hispanic or Latino.</summary>
    Hispanic,

    /// <summary>Code <c>N</c>: not Hispanic or Latino.</summary>
    NotHispanic,

    /// <summary>Code <c>U</c>: not recorded.</summary>
    Unknown,
}
