using System.Collections.Immutable;

namespace PrivacyShare.Releases;

/// <summary>What a calendar release found, for the records unit only (never published): what was new, and what went backwards.</summary>
public sealed class CalendarSummary
{
    internal CalendarSummary(string period, ImmutableArray<string> periodsMeasured, long newBookings, long newEvents, long progressed, long withdrawn, long vanished, long personChanged)
    {
        Period = period;
        PeriodsMeasured = periodsMeasured;
        NewBookings = newBookings;
        NewEvents = newEvents;
        Progressed = progressed;
        Withdrawn = withdrawn;
        Vanished = vanished;
        PersonChanged = personChanged;
    }

    /// <summary>The period released.</summary>
    public string Period { get; }

    /// <summary>The periods measured: more than one after skipped periods.</summary>
    public ImmutableArray<string> PeriodsMeasured { get; }

    /// <summary>Bookings seen for the first time.</summary>
    public long NewBookings { get; }

    /// <summary>Events recorded for the first time.</summary>
    public long NewEvents { get; }

    /// <summary>Bookings measured before whose outcome progressed.</summary>
    public long Progressed { get; }

    /// <summary>Bookings whose recorded stage went back: their events stay counted.</summary>
    public long Withdrawn { get; }

    /// <summary>Bookings measured before and missing now: their events stay counted.</summary>
    public long Vanished { get; }

    /// <summary>Events measured again because the release that first measured them was charged but never published.</summary>
    public long Remeasured { get; internal init; }

    /// <summary>Whether the release was a summary (<see cref="Period"/> then names its span, such as 2009): it measured its periods' events again and nothing new.</summary>
    public bool IsSummary { get; internal init; }

    /// <summary>Bookings whose person changed: the two people's caps were merged.</summary>
    public long PersonChanged { get; }
}
