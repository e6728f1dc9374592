using System.Collections.Immutable;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases;

/// <summary>One table of a <see cref="CalendarPlan"/>: per measure, the 95% noise half-widths over growing spans.</summary>
public sealed class CalendarTablePlan
{
    internal CalendarTablePlan(string name, ImmutableArray<Measure> measures, ImmutableArray<double> cell, ImmutableArray<double> period, ImmutableArray<double> year, ImmutableArray<double> calendar)
    {
        Name = name;
        Measures = measures;
        Cell = cell;
        Period = period;
        Year = year;
        Calendar = calendar;
    }

    /// <summary>The table.</summary>
    public string Name { get; }

    /// <summary>Its measures.</summary>
    public ImmutableArray<Measure> Measures { get; }

    /// <summary>Per measure: one cell of one period.</summary>
    public ImmutableArray<double> Cell { get; }

    /// <summary>Per measure: one period's total over the table's other dimensions.</summary>
    public ImmutableArray<double> Period { get; }

    /// <summary>Per measure: one calendar year's total; empty when the calendar holds no whole year.</summary>
    public ImmutableArray<double> Year { get; }

    /// <summary>Per measure: the total over every period of the calendar.</summary>
    public ImmutableArray<double> Calendar { get; }
}
