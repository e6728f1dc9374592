namespace PrivacyShare.Releases.Design;

/// <summary>
/// What a table counts in each cell. Each measure is a sum of the disjoint stages a record passes
/// through (docs/releases.md, "Stages"): every removal is a detainer, every detainer an IDENT match,
/// every match an arrest.
/// </summary>
public enum Measure
{
    /// <summary>Every arrest record (<c>arrests</c>).</summary>
    Arrests,

    /// <summary>Records whose fingerprints matched DHS (IDENT) records (<c>ident_matches</c>).</summary>
    IdentMatches,

    /// <summary>Records with an ICE detainer (<c>detainers</c>).</summary>
    Detainers,

    /// <summary>Records that ended in removal (<c>removals</c>).</summary>
    Removals,
}
