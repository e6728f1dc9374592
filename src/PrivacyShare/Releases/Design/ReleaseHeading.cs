using PrivacyShare.Records;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// What names a release and its period: the parts of a design that are not about privacy. A calendar's
/// release (<see cref="Calendar"/> set) counts events by period instead of records (docs/calendar.md).
/// </summary>
internal sealed record ReleaseHeading(string Dataset, string Title, string Publisher, string? Version, ArrestMonth From, ArrestMonth To, CalendarDesign? Calendar = null)
{
    /// <summary>Whether the tables count events (a calendar) rather than records.</summary>
    public bool Events => Calendar is not null;
}
