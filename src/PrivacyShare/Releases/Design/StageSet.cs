namespace PrivacyShare.Releases.Design;

/// <summary>
/// A set of the four disjoint stages an arrest record is in (docs/releases.md, "Stages"): a stage
/// group a table measures, or the stages a measure sums. As an integer it is the 4-bit stage mask the
/// estimator works with (bit i = stage i).
/// </summary>
[Flags]
internal enum StageSet : byte
{
    /// <summary>No stage.</summary>
    None = 0,

    /// <summary>No IDENT match.</summary>
    NotMatched = 1,

    /// <summary>An IDENT match, no detainer.</summary>
    MatchedNoDetainer = 2,

    /// <summary>A detainer, no removal.</summary>
    DetainerNotRemoved = 4,

    /// <summary>Removed.</summary>
    Removed = 8,
}
