using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Publishing;

/// <summary>The one wording, for METHODOLOGY.md and report.html, of where a release's left-out records can lie.</summary>
internal static class LeftOutText
{
    /// <summary>
    /// Null when no table refuses records beyond its bound; else, per table that does, the plain sentence
    /// saying that it leaves nothing out and why (<see cref="TableDesign.RefusesBeyondBound"/>).
    /// </summary>
    public static string? Refused(ReleaseDesign design)
    {
        var refusing = design.Tables.Where(t => t.RefusesBeyondBound).ToArray();
        return refusing.Length == 0 ? null
            : string.Join(" ", refusing.Select(t => $"{t.Name} leaves nothing out: the spec declares that no person has more than {t.Bound} record{(t.Bound == 1 ? "" : "s")} in it, and the release would have refused input that did, so its intervals need no allowance."));
    }

    /// <summary>
    /// Null when every dropped-records count is one count for the whole release; else the plain sentence
    /// saying that the counts were kept per month (<see cref="DroppedDesign.PeriodDimension"/>) and what
    /// that means for a month's range and for a table without months.
    /// </summary>
    public static string? PerPeriod(ReleaseDesign design)
    {
        var split = design.Dropped.Where(d => d.PeriodDimension is not null).ToArray();
        if (split.Length == 0)
        {
            return null;
        }

        var by = design.Heading.Display.Dimension(split[0].PeriodDimension!.Name);
        return $"The records left out beyond each person's first {string.Join(" or ", split.Select(d => d.Bound).Distinct())} were counted per {by}, so a cell of one {by} allows only for that {by}'s left-out records; a cell of a table without {by}s allows for those of every {by}.";
    }
}
