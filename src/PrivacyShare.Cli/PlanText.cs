using System.Globalization;
using System.Text.Json;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Cli;

/// <summary>How <c>plan</c> and <c>release</c> show a release's plan: per table its budget and the precision of what it publishes.</summary>
internal static class PlanText
{
    /// <summary>A table of the tables' budgets and half-widths (a row per measure), then a line per dropped-records count.</summary>
    public static void Write(TextWriter output, ReleasePlan plan)
    {
        var rows = plan.Tables.SelectMany(t => t.Measures.Select((m, i) => i == 0
            ? new[] { t.Name + ".csv", $"{t.Cells}", t.Epsilon.ToString(), $"{t.Sensitivity}", Number(Scale(t.Scale)), Measures.Name(m), "±" + Number(t.CellHalfWidths[i]), "±" + Number(t.TotalHalfWidths[i]) }
            : ["", "", "", "", "", Measures.Name(m), "±" + Number(t.CellHalfWidths[i]), "±" + Number(t.TotalHalfWidths[i])])).ToList();
        TextTable.Write(output, ["table", "cells", "epsilon", "sensitivity", "noise scale", "measure", "95% half-width: cell", "total"], rows, rightAligned: [1, 3, 4, 6, 7]);

        foreach (var d in plan.Dropped)
        {
            output.WriteLine($"  {d.Name} (records beyond bound {d.Bound} in {string.Join(", ", d.Tables)}): epsilon {d.Epsilon}, noise scale {Number(Scale(d.Scale))}; " +
                $"those tables' upper interval ends add the noisy count of left-out records plus up to {d.Allowance}" +
                (d.CountedPer is { } per ? $"; counted per {per}, so a cell of one {per} adds only that {per}'s count (a table without {per} adds the sum over every {per})" : ""));
        }

        foreach (var t in plan.Tables.Where(t => t.RefusesBeyondBound))
        {
            output.WriteLine($"  {t.Name}: no dropped-records count and no allowance: the spec declares that no person has more than {t.Bound} record(s) in it (\"beyond_bound\": \"refuse\"); a release refuses input that does, before any budget is spent");
        }

        if (plan.ShareChoice is { } choice)
        {
            output.WriteLine($"  dropped shares (\"dropped_share\": \"auto\"): {string.Join(", ", plan.Tables.Zip(choice.Shares).Where(x => x.Second is not null).Select(x => $"{x.First.Name} {x.Second}"))}; " +
                "each table's between 0.05 and the default 0.2 (a larger share makes the table's estimates noisier), together the ones that make a cell's two intervals narrowest, weighted like the budget split (docs/releases.md). " +
                "Expected width of one cell's interval for the true count, without the left-out records themselves, with these shares and with 0.2 each:");
            foreach (var w in choice.Widths)
            {
                output.WriteLine($"    {w.Table} {Measures.Name(w.Measure)}: {Number(w.Chosen)} (at 0.2: {Number(w.AtDefault)})");
            }
        }
    }

    /// <summary>The plan as JSON (exact rationals as strings, as in datapackage.json).</summary>
    public static void WriteJson(Utf8JsonWriter json, ReleasePlan plan)
    {
        json.WriteString("dataset", plan.Dataset);
        json.WriteString("epsilon", plan.Epsilon.ToString());
        json.WriteNumber("confidence", 0.95);
        json.WriteString("dropped_share", plan.DroppedShare.ToString());
        json.WriteBoolean("dropped_share_auto", plan.ShareChoice is not null);
        json.WriteStartArray("tables");
        foreach (var t in plan.Tables)
        {
            json.WriteStartObject();
            json.WriteString("name", t.Name);
            json.WriteNumber("cells", t.Cells);
            json.WriteString("epsilon", t.Epsilon.ToString());
            json.WriteString("measurement_epsilon", t.MeasurementEpsilon.ToString());
            json.WriteNumber("contribution_bound", t.Bound);
            json.WriteNumber("sensitivity", t.Sensitivity);
            json.WriteString("scale", t.Scale.ToString());
            json.WriteString("dropped", t.Dropped);
            if (t.RefusesBeyondBound)
            {
                json.WriteString("beyond_bound", "refuse");
            }

            json.WriteStartObject("half_widths");
            for (var i = 0; i < t.Measures.Length; i++)
            {
                json.WriteStartObject(Measures.Name(t.Measures[i]));
                json.WriteNumber("cell", t.CellHalfWidths[i]);
                json.WriteNumber("total", t.TotalHalfWidths[i]);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("dropped");
        foreach (var d in plan.Dropped)
        {
            json.WriteStartObject();
            json.WriteString("name", d.Name);
            json.WriteNumber("contribution_bound", d.Bound);
            json.WriteString("stages", d.Stages);
            json.WriteStartArray("tables");
            foreach (var t in d.Tables)
            {
                json.WriteStringValue(t);
            }

            json.WriteEndArray();
            json.WriteString("epsilon", d.Epsilon.ToString());
            json.WriteString("scale", d.Scale.ToString());
            json.WriteNumber("allowance", d.Allowance);
            if (d.CountedPer is { } per)
            {
                json.WriteString("counted_per", per);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A calendar's split of each period's epsilon and its half-widths over growing spans.</summary>
    public static void Write(TextWriter output, CalendarPlan plan)
    {
        output.WriteLine();
        output.WriteLine($"calendar: {plan.Description} ({plan.Periods} periods)");
        output.WriteLine($"  every person's records in the calendar are protected at epsilon {plan.EpsilonPerPeriod} in total, however many releases there are: " +
            $"each period is charged {plan.EpsilonPerPeriod}, " +
            (plan.SummaryEpsilon is { } s ? $"{plan.RegularEpsilon} by its regular release and {s} by the summary that reads it" : $"by its one regular release"));
        output.WriteLine("  95% noise half-widths as the calendar's last release estimates them; a total over more periods adds more noise" +
            (plan.SummaryEpsilon is null ? "" : ", which the summaries keep down") + ":");
        var rows = plan.Tables.SelectMany(t => t.Measures.Select((m, i) => new[]
        {
            i == 0 ? t.Name + ".csv" : "", Measures.Name(m), "±" + Number(t.Cell[i]), "±" + Number(t.Period[i]),
            t.Year.IsEmpty ? "-" : "±" + Number(t.Year[i]), "±" + Number(t.Calendar[i]),
        })).ToList();
        TextTable.Write(output, ["table", "measure", "one cell", "one period", "one year", $"all {plan.Periods} periods"], rows, rightAligned: [2, 3, 4, 5]);
    }

    /// <summary>The calendar part of the plan as JSON.</summary>
    public static void WriteJson(Utf8JsonWriter json, CalendarPlan plan)
    {
        json.WriteStartObject("calendar");
        json.WriteString("description", plan.Description);
        json.WriteNumber("periods", plan.Periods);
        json.WriteString("epsilon_per_period", plan.EpsilonPerPeriod.ToString());
        json.WriteString("regular_epsilon", plan.RegularEpsilon.ToString());
        if (plan.SummaryEpsilon is { } s)
        {
            json.WriteString("summary_epsilon", s.ToString());
        }
        else
        {
            json.WriteNull("summary_epsilon");
        }

        json.WriteStartArray("tables");
        foreach (var t in plan.Tables)
        {
            json.WriteStartObject();
            json.WriteString("name", t.Name);
            json.WriteStartObject("half_widths");
            for (var i = 0; i < t.Measures.Length; i++)
            {
                json.WriteStartObject(Measures.Name(t.Measures[i]));
                json.WriteNumber("cell", t.Cell[i]);
                json.WriteNumber("period", t.Period[i]);
                if (t.Year.IsEmpty)
                {
                    json.WriteNull("year");
                }
                else
                {
                    json.WriteNumber("year", t.Year[i]);
                }

                json.WriteNumber("calendar", t.Calendar[i]);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static double Scale(PrivacyShare.Privacy.Rational r) => r.ToDouble();

    private static string Number(double value) => value.ToString(value >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);
}
