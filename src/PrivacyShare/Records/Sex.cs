namespace PrivacyShare.Records;

/// <summary>Sex as recorded at booking, with its one-letter NCIC code.</summary>
internal enum Sex
{
    /// <summary>Code <c>M</c>.</summary>
    Male,

    /// <summary>Code <c>F</c>.</summary>
    Female,

    /// <summary>Code <c>X</c>: neither male nor female.</summary>
    NonBinary,

    /// <summary>Code <c>U</c>: not recorded.</summary>
    Unknown,
}
