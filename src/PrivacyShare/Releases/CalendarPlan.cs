using System.Collections.Immutable;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Releases;

/// <summary>
/// How precise a calendar's figures are, from its spec alone (docs/calendar.md): how each period's
/// epsilon is split between the regular releases and the summaries, and, per table and measure, the 95%
/// noise half-width of one cell of one period, of one period's total, of a year's total and of the total
/// over the whole calendar, as the last release of the calendar estimates them (GLS over every regular
/// and summary measurement). A total over more periods adds more independent noises, so its half-width
/// grows with the periods it spans; summaries measure long spans at once and keep it down.
/// </summary>
public sealed class CalendarPlan
{
    private CalendarPlan(string description, int periods, Rational perPeriod, Rational regular, Rational? summary, ImmutableArray<CalendarTablePlan> tables)
    {
        Description = description;
        Periods = periods;
        EpsilonPerPeriod = perPeriod;
        RegularEpsilon = regular;
        SummaryEpsilon = summary;
        Tables = tables;
    }

    /// <summary>The calendar in words: cadence, first and last month, summaries.</summary>
    public string Description { get; }

    /// <summary>The number of regular periods.</summary>
    public int Periods { get; }

    /// <summary>The epsilon each period is charged over the calendar's life: the person-level epsilon the calendar spends.</summary>
    public Rational EpsilonPerPeriod { get; }

    /// <summary>The epsilon of each regular release.</summary>
    public Rational RegularEpsilon { get; }

    /// <summary>The epsilon of each summary release, or null without summaries.</summary>
    public Rational? SummaryEpsilon { get; }

    /// <summary>Per table, the half-widths over growing spans.</summary>
    public ImmutableArray<CalendarTablePlan> Tables { get; }

    /// <summary>The calendar plan of <paramref name="spec"/>, or null when it declares no calendar.</summary>
    public static CalendarPlan? For(ReleaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var design = spec.Design;
        if (design.Heading.Calendar is not { } calendar)
        {
            return null;
        }

        // The blocks the calendar's last release estimates: each summarized span with its summary; without
        // summaries, one block of every period (ReleaseDesign.Estimator).
        List<(ReleaseDesign Design, ImmutableArray<CalendarPeriod> Periods)> blocks = calendar.Summary is null
            ? [(design.Block([.. Enumerable.Range(0, calendar.Periods.Length)], null), calendar.Periods)]
            : [.. design.WithSummaries(calendar.Summaries.Select(s => s.Label), "(calendar plan)", forRelease: false).Summaries
                .Select(s => (design.Block(s.Periods, s), s.Periods.Select(p => calendar.Periods[p]).ToImmutableArray()))];
        var periods = calendar.Periods;
        var year = periods.FirstOrDefault(p => p.From.Month == 1 && p.From.Plus(11) <= calendar.To) is { Label: not null } first
            ? new CalendarPeriod($"{first.From.Year}", first.From, first.From.Plus(11), true)
            : (CalendarPeriod?)null;
        var whole = new CalendarPeriod("calendar", calendar.From, calendar.To, true);
        var tables = design.Tables.Select((t, i) =>
        {
            var stages = t.Measures.Select(m => (int)Stages.Of(m, events: true)).ToArray();
            double[] Span(CalendarPeriod span) => [.. stages.Select(s => HalfWidth(blocks, s, span))];

            // A cell as a whole span estimates it (a cut first or last span has fewer periods to share a summary with).
            var model = blocks.MaxBy(b => b.Periods.Length).Design.Model;
            return new CalendarTablePlan(t.Name, t.Measures,
                [.. stages.Select(s => model.NoiseHalfWidth(model.CellQuery(i, 0, s)))],
                [.. Span(periods[0])],
                year is { } y ? [.. Span(y)] : [],
                [.. Span(whole)]);
        }).ToImmutableArray();
        var perPeriod = design.TotalEpsilon / calendar.RegularShare;
        return new CalendarPlan(calendar.Describe(), periods.Length, perPeriod, design.TotalEpsilon,
            calendar.Summary is null ? null : perPeriod * calendar.SummaryShare, tables);
    }

    // The half-width of the total of one event kind (`stages`) over the periods of `span`, over every
    // value of the other dimensions, from every block it touches.
    private static double HalfWidth(List<(ReleaseDesign Design, ImmutableArray<CalendarPeriod> Periods)> blocks, int stages, CalendarPeriod span)
    {
        var terms = new List<NoiseTerm>();
        foreach (var (block, periods) in blocks)
        {
            var inside = periods.Select((p, i) => (p, i)).Where(x => x.p.From >= span.From && x.p.To <= span.To).Select(x => x.i).ToImmutableArray();
            if (inside.IsEmpty)
            {
                continue;
            }

            var model = block.Model;
            var periodAttribute = block.AttributeOf("period");
            var query = inside.Length == periods.Length ? new MarginalQuery([], [], stages) : new MarginalQuery([periodAttribute], [inside], stages);
            terms.AddRange(model.Weights(query).Select(w => new NoiseTerm(w.Lambda, w.Multiplicity, model.Tables[w.Table].Scale)));
        }

        return NoiseSum.HalfWidth(terms, MarginalModel.AlphaNoise);
    }
}
