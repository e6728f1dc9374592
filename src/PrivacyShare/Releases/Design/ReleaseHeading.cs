using PrivacyShare.Records;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// What names a release and its period: the parts of a design that are not about privacy. A calendar's
/// release (<see cref="Calendar"/> set) counts events by period instead of records (docs/calendar.md).
/// </summary>
/// <param name="Dataset">The dataset the budget belongs to.</param>
/// <param name="Title">The release's title.</param>
/// <param name="Publisher">Who publishes it.</param>
/// <param name="Version">The spec's version, if it gives one.</param>
/// <param name="From">The first month.</param>
/// <param name="To">The last month.</param>
/// <param name="Calendar">The calendar, for a calendar release.</param>
/// <param name="Notes">The spec's notes for readers, shown in the report and METHODOLOGY.md.</param>
/// <param name="Labels">The spec's display labels (null: the built-in ones).</param>
internal sealed record ReleaseHeading(string Dataset, string Title, string Publisher, string? Version, ArrestMonth From, ArrestMonth To, CalendarDesign? Calendar = null,
    System.Collections.Immutable.ImmutableArray<string> Notes = default, DisplayLabels? Labels = null)
{
    /// <summary>The labels a reader sees: the spec's over the built-in ones.</summary>
    public DisplayLabels Display => Labels ?? DisplayLabels.Default;

    /// <summary>Whether the tables count events (a calendar) rather than records.</summary>
    public bool Events => Calendar is not null;
}
