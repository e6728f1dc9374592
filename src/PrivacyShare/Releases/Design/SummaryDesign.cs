using System.Collections.Immutable;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// One summary of a calendar (docs/calendar.md, "Summaries"): the span it measures again (a year, or a
/// quarter), the indexes of its regular periods among the release's periods, and the design of its
/// measurements: each declared table without its <c>period</c> dimension, at the summary's share of the
/// epsilon (the regular epsilon times summary_share / (1 - summary_share), table by table, so that
/// every period's charge keeps the same proportions among the tables), with its own dropped-records
/// counts. Its measurements are carried in measurements.csv as <c>TABLE@SPAN</c> and never published as tables.
/// </summary>
internal sealed class SummaryDesign(CalendarPeriod span, ImmutableArray<int> periods, ReleaseDesign design)
{
    /// <summary>The summary's span: its label (2009) and months.</summary>
    public CalendarPeriod Span { get; } = span;

    /// <summary>The span's regular periods, as indexes into the release's period dimension.</summary>
    public ImmutableArray<int> Periods { get; } = periods;

    /// <summary>The summary's tables and dropped-records counts.</summary>
    public ReleaseDesign Design { get; } = design;

    /// <summary>A summary table's name: the declared table's, then @ and the span's label.</summary>
    public static string TableName(string table, string span) => $"{table}@{span}";
}
