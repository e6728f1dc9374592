using System.Collections.Immutable;
using System.Globalization;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A release calendar as a spec declares it (docs/calendar.md): regular periods of <see cref="Cadence"/>
/// from <see cref="From"/> to <see cref="To"/>, and optionally a summary every <see cref="Summary"/>,
/// which takes <see cref="SummaryShare"/> of the spec's epsilon per period (the regular release the rest).
/// </summary>
internal sealed record CalendarDesign(Cadence Cadence, ArrestMonth From, ArrestMonth To, Cadence? Summary, Rational SummaryShare)
{
    /// <summary>The longest calendar: 50 years of months.</summary>
    public const int MaxMonths = 600;

    /// <summary>The share of the epsilon per period the regular releases take.</summary>
    public Rational RegularShare => Summary is null ? Rational.One : Rational.One - SummaryShare;

    /// <summary>Every regular period, in order.</summary>
    public ImmutableArray<CalendarPeriod> Periods => [.. Spans(Cadence).Select(p => p with { IsSummary = false })];

    /// <summary>Every summary period, in order; empty without summaries. The first and last may be cut to the calendar.</summary>
    public ImmutableArray<CalendarPeriod> Summaries => Summary is { } s ? [.. Spans(s).Select(p => p with { IsSummary = true })] : [];

    /// <summary>The regular periods inside <paramref name="span"/>.</summary>
    public IEnumerable<CalendarPeriod> PeriodsIn(CalendarPeriod span) => Periods.Where(p => p.From >= span.From && p.To <= span.To);

    /// <summary>
    /// The period a label names: a regular period of this calendar, or a summary. Null, with the reason,
    /// when the label names neither.
    /// </summary>
    public CalendarPeriod? Find(string label, out string problem)
    {
        problem = "";
        var match = Periods.Concat(Summaries).Where(p => p.Label == label).ToList();
        if (match.Count > 0)
        {
            // A yearly calendar's period and a yearly summary cannot both exist (the spec refuses it).
            return match[0];
        }

        problem = $"'{label}' is not a period of this calendar: its periods are {Describe(Periods)}" +
            (Summaries.IsEmpty ? "" : $", and its summaries {Describe(Summaries)}") +
            $" (write a month as 2009-03, a quarter as 2009-Q1, a year as 2009)";
        return null;
    }

    /// <summary>The spec's calendar object as a manifest states it.</summary>
    public string Describe() =>
        $"{Cadence.ToString().ToLowerInvariant()}ly periods from {From} to {To}" +
        (Summary is { } s ? $", with a {s.ToString().ToLowerInvariant()}ly summary taking {SummaryShare} of each period's epsilon" : "");

    private static string Describe(ImmutableArray<CalendarPeriod> periods) =>
        periods.Length <= 3 ? string.Join(", ", periods.Select(p => p.Label)) : $"{periods[0].Label} to {periods[^1].Label}";

    // The periods of one cadence that the calendar's months fall in, cut to the calendar.
    private IEnumerable<CalendarPeriod> Spans(Cadence cadence)
    {
        var months = (int)cadence;
        for (var m = From; m <= To;)
        {
            var start = m.Plus(-((m.Month - 1) % months));
            var end = start.Plus(months - 1);
            var to = end < To ? end : To;
            yield return new CalendarPeriod(CalendarPeriod.LabelOf(start, cadence), m, to, false);
            m = to.Plus(1);
        }
    }

    /// <summary>Reads a cadence word: month, quarter or year.</summary>
    public static bool TryParseCadence(string? text, out Cadence cadence)
    {
        Cadence? parsed = text switch { "month" => Cadence.Month, "quarter" => Cadence.Quarter, "year" => Cadence.Year, _ => null };
        cadence = parsed ?? Cadence.Month;
        return parsed is not null;
    }

    /// <summary>A count of months in words, for messages.</summary>
    public static string MonthsText(int months) => months.ToString(CultureInfo.InvariantCulture) + (months == 1 ? " month" : " months");
}
