using PrivacyShare.Records;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// One release's period in a calendar: a regular period (<c>2009-03</c>, <c>2009-Q1</c>, <c>2009</c>) or a
/// summary over several regular periods (<c>2009</c> in a monthly calendar with yearly summaries).
/// </summary>
internal readonly record struct CalendarPeriod(string Label, ArrestMonth From, ArrestMonth To, bool IsSummary)
{
    /// <summary>The months it spans.</summary>
    public int Months => From.MonthsThrough(To);

    /// <summary>The label of the period of <paramref name="cadence"/> that starts at <paramref name="start"/>: 2009-03, 2009-Q1 or 2009.</summary>
    public static string LabelOf(ArrestMonth start, Cadence cadence) => cadence switch
    {
        Cadence.Month => start.ToString(),
        Cadence.Quarter => $"{start.Year:D4}-Q{(start.Month + 2) / 3}",
        _ => $"{start.Year:D4}",
    };
}
