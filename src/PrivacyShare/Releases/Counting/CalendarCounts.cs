namespace PrivacyShare.Releases.Counting;

/// <summary>
/// What a calendar release counted (docs/calendar.md): the exact counts of the period's new events, for
/// the writer only, and, for the operator, what was new and what went backwards. Never published.
/// </summary>
internal sealed class CalendarCounts
{
    public required ExactCounts Counts { get; init; }

    /// <summary>Bookings the calendar saw for the first time.</summary>
    public long NewBookings { get; set; }

    /// <summary>Events recorded for the first time: bookings and outcomes.</summary>
    public long NewEvents { get; set; }

    /// <summary>Outcomes of bookings measured before (a match, detainer or removal recorded since).</summary>
    public long Progressed { get; set; }

    /// <summary>Bookings whose recorded stage went back (a flag withdrawn): their measured events stay counted.</summary>
    public long Withdrawn { get; set; }

    /// <summary>Bookings measured before and missing from this extract: their events stay counted.</summary>
    public long Vanished { get; set; }

    /// <summary>Bookings whose person changed (identities joined or split): both people's counts were merged.</summary>
    public long PersonChanged { get; set; }

    /// <summary>Events measured again: first seen by a release that was charged but never published.</summary>
    public long Remeasured { get; set; }

    /// <summary>Rows before the calendar's first month.</summary>
    public long BeforeCalendar { get; set; }
}
