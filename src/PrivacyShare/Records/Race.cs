namespace PrivacyShare.Records;

/// <summary>Race as recorded at booking, with its one-letter NCIC code.</summary>
internal enum Race
{
    /// <summary>Code <c>W</c>.</summary>
    White,

    /// <summary>Code <c>B</c>.</summary>
    Black,

    /// <summary>Code <c>A</c>.</summary>
    Asian,

    /// <summary>Code <c>I</c>: American Indian or Alaska Native.</summary>
    AmericanIndian,

    /// <summary>Code <c>P</c>: Native Hawaiian or other Pacific Islander.</summary>
    PacificIslander,

    /// <summary>Code <c>U</c>: not recorded.</summary>
    Unknown,
}
