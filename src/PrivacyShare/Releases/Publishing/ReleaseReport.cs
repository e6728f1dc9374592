using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using PrivacyShare.Ledger;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// Writes <c>report.html</c>: the release for people who open a web page rather than CSV files. One
/// static, self-contained file (no script, no network request, no web font) that prints on A4 or Letter
/// and reads on a phone: the key facts with their intervals in plain words, a chart of every table with
/// its text alternative and its numbers, the stage funnel, how to read the numbers and how to check the
/// release. Everything in it comes from the published values; no exact count enters.
/// </summary>
internal static class ReleaseReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<Measure, string> MeasureTitles = new()
    {
        [Measure.Arrests] = "Arrests",
        [Measure.IdentMatches] = "IDENT matches",
        [Measure.Detainers] = "Detainers",
        [Measure.Removals] = "Removals",
    };

    /// <summary>The report of a release, as HTML text.</summary>
    public static string Write(ReleaseDesign design, string version, Reservation spending, IReadOnlyList<PublishedTable> published, ReleaseEstimator estimator, string? keyId, IReadOnlyList<LeftOutCount> leftOut, string? summaryMeasured = null, IReadOnlyList<ValueChange>? changes = null)
    {
        var spec = design.Heading;
        var h = new StringBuilder();
        h.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>").Append(E(spec.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        h.Append("<h1>").Append(E(spec.Title)).Append("</h1>\n");
        h.Append("<p class=\"lede\">Published by ").Append(E(spec.Publisher)).Append(". Arrests from ").Append(MonthName(spec.From.ToString()))
         .Append(" to ").Append(MonthName(spec.To.ToString())).Append(", counted with differential privacy so that no one person can be picked out. Release ")
         .Append(E(version)).Append(" of dataset <code>").Append(E(spec.Dataset)).Append("</code>.</p>\n");
        if (!spec.Notes.IsDefaultOrEmpty)
        {
            h.Append("<aside class=\"notes\" aria-label=\"Notes from the publisher\"><strong>Notes from the publisher</strong>\n<ul>\n");
            foreach (var note in spec.Notes)
            {
                h.Append("<li>").Append(E(note)).Append("</li>\n");
            }

            h.Append("</ul>\n</aside>\n");
        }


        // Key facts: each measure's total, the consistent value with the interval of its unbiased estimate.
        var totals = Enum.GetValues<Measure>().Select(m => (Measure: m, Fact: Total(design, published, estimator, m))).Where(t => t.Fact is not null).ToList();
        var calendar = design.Heading.Calendar;
        var periods = calendar is null ? default : design.Dimensions[design.AttributeOf("period")].Values;
        h.Append("<section id=\"summary\">\n<h2>").Append(calendar is null ? "Key facts" : $"Key facts: totals so far, {E(periods[0])} to {E(periods[^1])}").Append("</h2>\n<ul class=\"facts\">\n");
        foreach (var (m, fact) in totals)
        {
            h.Append("<li><strong>").Append(MeasureTitles[m]).Append(": ").Append(N(fact!.Value.Value)).Append("</strong> (").Append(E(fact.Value.Interval.Describe())).Append(")</li>\n");
        }

        if (LevelShare(design, published) is { } share)
        {
            h.Append("<li>").Append(share).Append("</li>\n");
        }

        h.Append("</ul>\n<p>Each number is the best estimate. The interval from noise contains, with probability at least 95%, the count of the records the release counted; ")
         .Append("the wider range also allows for the records it left out (below) and contains the true count of all records with probability at least 95%. ")
         .Append("<a href=\"#read\">How to read these numbers</a>.</p>\n");
        LeftOut(h, design, leftOut);
        h.Append("</section>\n");

        var figure = 0;
        if (calendar is not null)
        {
            Series(h, design, published, estimator, spending, summaryMeasured, ref figure);
        }

        if (changes is not null)
        {
            h.Append("<section id=\"changes\">\n<h2>What this summary changed</h2>\n<p>")
             .Append(changes.Count == 0 ? "No published value changed." : $"{changes.Count} published values of the summarized periods changed from the previous release; no other value changed.")
             .Append("</p>\n");
            if (changes.Count > 0)
            {
                h.Append(changes.Count <= 24 ? "<details open>" : "<details>").Append("\n<summary>The changes (").Append(changes.Count).Append(")</summary>\n<ul>\n");
                foreach (var line in ValueChanges.Lines(changes))
                {
                    h.Append("<li>").Append(E(line)).Append("</li>\n");
                }

                h.Append("</ul>\n</details>\n");
            }

            h.Append("</section>\n");
        }

        if (totals.Count > 1)
        {
            var labels = totals.Select(t => MeasureTitles[t.Measure]).ToArray();
            var series = new SvgChart.Series("Count", [.. totals.Select(t => t.Fact!.Value.Value)], [.. totals.Select(t => t.Fact!.Value.Interval)]);
            var description = "Bar chart of the stages from arrest to removal: " + string.Join("; ", totals.Select(t => $"{MeasureTitles[t.Measure]} {N(t.Fact!.Value.Value)} ({t.Fact.Value.Interval.Describe()})")) + ".";
            h.Append("<section>\n<h2>From arrest to removal</h2>\n");
            Figure(h, ++figure, "From arrest to removal, whole period", SvgChart.Bars($"fig{figure}", "From arrest to removal", description, labels, [series]), description);
            NumbersTable(h, ["stage"], [.. labels.Select(l => ImmutableArray.Create(l))], ["count"], [series]);
            h.Append("</section>\n");
        }

        var names = design.Heading.Display;
        for (var t = 0; t < design.Tables.Length; t++)
        {
            var table = design.Tables[t];
            var values = published[t];
            h.Append("<section>\n<h2>").Append(E(string.Join(", ", table.Measures.Select(m => MeasureTitles[m])))).Append(" by ")
             .Append(E(string.Join(" and ", table.Dimensions.Select(d => names.Dimension(d.Name))))).Append("</h2>\n");
            h.Append("<p class=\"source\">From <code>").Append(E(table.Name)).Append(".csv</code>, ").Append(table.Cells).Append(" cells.</p>\n");
            var series = table.Measures.Select((m, k) => new SvgChart.Series(MeasureTitles[m],
                Column(values.Display, table.Measures.Length, k), Column(values.Intervals, table.Measures.Length, k))).ToList();
            var cells = Cells(table, names);
            if (table.Dimensions.Length == 1)
            {
                var labels = table.Dimensions[0].Values.Select(v => names.Show(table.Dimensions[0].Name, v)).ToArray();
                var monthly = table.Dimensions[0].Name is "arrest_month" or "period";
                foreach (var s in series)
                {
                    // One chart per measure: counts of very different sizes would flatten each other on one axis.
                    var title = $"{s.Name} by {names.Dimension(table.Dimensions[0].Name)}";
                    var description = $"{(monthly ? "Line" : "Bar")} chart of {s.Name.ToLowerInvariant()} by {names.Dimension(table.Dimensions[0].Name)}, {labels.Length} values, from {N(s.Values.Min())} to {N(s.Values.Max())}, with 95% intervals; every number is in the table below.";
                    var svg = monthly
                        ? SvgChart.Lines($"fig{++figure}", title, description, labels, [s], calendar is null ? null : labels.Length - 1)
                        : SvgChart.Bars($"fig{++figure}", title, description, labels, [s]);
                    Figure(h, figure, title, svg, description);
                }
            }
            else if (table.Dimensions.Length == 2)
            {
                var (rows, columns) = (table.Dimensions[0].Values.Select(v => names.Show(table.Dimensions[0].Name, v)).ToArray(), table.Dimensions[1].Values.Select(v => names.Show(table.Dimensions[1].Name, v)).ToArray());
                foreach (var s in series)
                {
                    var title = $"{s.Name} by {names.Dimension(table.Dimensions[0].Name)} and {names.Dimension(table.Dimensions[1].Name)}";
                    var largest = Enumerable.Range(0, s.Values.Length).MaxBy(i => s.Values[i]);
                    var description = $"Heat map of {s.Name.ToLowerInvariant()}: {names.Dimension(table.Dimensions[0].Name)} in rows, {names.Dimension(table.Dimensions[1].Name)} in columns, darker for more; the largest is {rows[largest / columns.Length]}, {columns[largest % columns.Length]} with {N(s.Values[largest])}. Every number and its interval is in the table below.";
                    Figure(h, ++figure, title, SvgChart.HeatMap($"fig{figure}", title, description, rows, columns, s.Values), description);
                }
            }

            NumbersTable(h, [.. table.Dimensions.Select(d => names.Dimension(d.Name))], cells, [.. table.Measures.Select(m => MeasureTitles[m])], series);
            h.Append("</section>\n");
        }

        HowToRead(h, design);
        HowToCheck(h, spec, version, spending, keyId);
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    // A calendar's series: where this release stands, the guarantee in plain words, and per measure the
    // total of each period so far with its interval, the newest period marked (docs/calendar.md).
    private static void Series(StringBuilder h, ReleaseDesign design, IReadOnlyList<PublishedTable> published, ReleaseEstimator estimator, Reservation spending, string? summaryMeasured, ref int figure)
    {
        var calendar = design.Heading.Calendar!;
        var period = design.AttributeOf("period");
        var labels = design.Dimensions[period].Values;
        var newest = labels[^1];
        h.Append("<section id=\"series\">\n<h2>The series so far</h2>\n<p>");
        if (summaryMeasured is null)
        {
            h.Append("This release adds <strong>").Append(E(newest)).Append("</strong>, the newest period of a calendar of ").Append(E(calendar.Describe())).Append(". ");
        }
        else
        {
            h.Append("This release is the <strong>summary of ").Append(E(summaryMeasured)).Append("</strong> in a calendar of ").Append(E(calendar.Describe()))
             .Append(": it measured the periods of ").Append(E(summaryMeasured)).Append(" again, so their numbers, and above all their total, are more precise than in the monthly releases. ");
        }

        h.Append("Every period so far is published again from all the measurements to date; an earlier period keeps its numbers unless a summary adds measurements to it. ")
         .Append("Each period counts what was first recorded in it: arrests first seen, and IDENT matches, detainers and removals first recorded, whatever the arrest's month.</p>\n");
        h.Append("<p class=\"guarantee\"><strong>Every person's records in this calendar are protected at epsilon ").Append(E(spending.CumulativeEpsilon.ToString()))
         .Append(" in total, however many releases there are.</strong> Each release measures only what is new, and each person's contribution is capped across the whole calendar, ")
         .Append("so a person's privacy loss is that of the most-charged period, not the sum over releases. The ledger refuses any release that would take a period above the budget of epsilon ")
         .Append(E(spending.TotalBudget.ToString())).Append(".</p>\n");
        foreach (var measure in Enum.GetValues<Measure>())
        {
            var t = design.Tables.IndexOf(design.Tables.Where(x => x.Measures.Contains(measure)).OrderBy(x => x.Cells).FirstOrDefault()!);
            if (t < 0)
            {
                continue;
            }

            var table = design.Tables[t];
            var at = table.Attributes.IndexOf(period);
            var m = table.Measures.IndexOf(measure);
            var column = Column(published[t].Display, table.Measures.Length, m);
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var cell = new int[sizes.Length];
            var values = new long[labels.Length];
            for (long c = 0; c < table.Cells; c++)
            {
                CellIndex.Decode(c, sizes, cell);
                values[cell[at]] += column[c];
            }

            var intervals = new PublishedInterval[labels.Length];
            for (var p = 0; p < labels.Length; p++)
            {
                intervals[p] = ReleaseEstimates.Interval(estimator.Answer(new MarginalQuery([period], [[p]], (int)Stages.Of(measure, events: true))), values[p]);
            }

            var series = new SvgChart.Series(MeasureTitles[measure], values, intervals);
            var title = $"{MeasureTitles[measure]} recorded in each period";
            var description = $"Line chart of {MeasureTitles[measure].ToLowerInvariant()} first recorded in each period, {labels[0]} to {newest} ({labels.Length} periods), with 95% intervals; the newest period, {newest}, is marked: {N(values[^1])} ({intervals[^1].Describe()}). Every number is in the table below.";
            Figure(h, ++figure, title, SvgChart.Lines($"fig{figure}", title, description, labels, [series], labels.Length - 1), description);
            NumbersTable(h, ["period"], [.. labels.Select(l => ImmutableArray.Create(l == newest ? l + " (newest)" : l))], [MeasureTitles[measure]], [series]);
        }

        h.Append("</section>\n");
    }

    /// <summary>The first measure's total with its intervals, as METHODOLOGY.md's example of the two intervals.</summary>
    internal static (string Label, long Value, PublishedInterval Interval)? Example(ReleaseDesign design, IReadOnlyList<PublishedTable> published, ReleaseEstimator estimator) =>
        Enum.GetValues<Measure>().Select(m => (Measure: m, Fact: Total(design, published, estimator, m))).FirstOrDefault(t => t.Fact is not null) is { Fact: { } fact } first
            ? ($"{MeasureTitles[first.Measure].ToLowerInvariant()} in total", fact.Value, fact.Interval)
            : null;

    private static (long Value, PublishedInterval Interval)? Total(ReleaseDesign design, IReadOnlyList<PublishedTable> published, ReleaseEstimator estimator, Measure measure)
    {
        var t = design.Tables.IndexOf(design.Tables.Where(x => x.Measures.Contains(measure)).OrderBy(x => x.Cells).FirstOrDefault()!);
        if (t < 0)
        {
            return null;
        }

        var m = design.Tables[t].Measures.IndexOf(measure);
        var value = Column(published[t].Display, design.Tables[t].Measures.Length, m).Sum();
        return (value, ReleaseEstimates.Interval(estimator.Answer(new MarginalQuery([], [], (int)Stages.Of(measure, design.Heading.Events))), value));
    }

    // "Of 98 removals, 49 (50%) were of people charged at offense level 2 or 3": when a table has removals by offense level.
    private static string? LevelShare(ReleaseDesign design, IReadOnlyList<PublishedTable> published)
    {
        var t = design.Tables.IndexOf(design.Tables.FirstOrDefault(x => x.Measures.Contains(Measure.Removals) && x.Dimensions is [{ Name: "offense_level" }])!);
        if (t < 0)
        {
            return null;
        }

        var levels = Column(published[t].Display, design.Tables[t].Measures.Length, design.Tables[t].Measures.IndexOf(Measure.Removals));
        // Levels by their code, never by position: a spec may declare them in any order, or only some.
        var values = design.Tables[t].Dimensions[0].Values;
        var total = levels.Sum();
        var lower = values.Select((v, i) => v is "2" or "3" ? levels[i] : 0).Sum();
        return total == 0 ? null : $"Of {N(total)} removals, {N(lower)} ({100.0 * lower / total:0}%) were of people charged at offense level 2 or 3 (the lower levels).";
    }

    private static void Figure(StringBuilder h, int number, string caption, string svg, string description)
    {
        h.Append("<figure>\n").Append(svg).Append("\n<figcaption>Figure ").Append(number).Append(". ").Append(E(caption))
         .Append(". <span class=\"alt\">").Append(E(description)).Append("</span></figcaption>\n</figure>\n");
    }

    private static void NumbersTable(StringBuilder h, IReadOnlyList<string> dimensions, IReadOnlyList<ImmutableArray<string>> cells, IReadOnlyList<string> measures, IReadOnlyList<SvgChart.Series> series)
    {
        // Short tables open; a long one (district x race) folded, so the page stays readable on a phone.
        h.Append(cells.Count <= 24 ? "<details open>" : "<details>").Append("\n<summary>The numbers (").Append(cells.Count).Append(" rows)</summary>\n<div class=\"scroll\"><table>\n<thead><tr>");
        foreach (var d in dimensions)
        {
            h.Append("<th scope=\"col\">").Append(E(d)).Append("</th>");
        }

        foreach (var m in measures)
        {
            h.Append("<th scope=\"col\" class=\"n\">").Append(E(m)).Append("</th><th scope=\"col\" class=\"n\">95% interval from noise</th><th scope=\"col\" class=\"n\">with left-out records</th>");
        }

        h.Append("</tr></thead>\n<tbody>\n");
        for (var c = 0; c < cells.Count; c++)
        {
            h.Append("<tr>");
            for (var d = 0; d < cells[c].Length; d++)
            {
                h.Append(d == 0 ? "<th scope=\"row\">" : "<td>").Append(E(cells[c][d])).Append(d == 0 ? "</th>" : "</td>");
            }

            foreach (var s in series)
            {
                var x = s.Intervals[c];
                h.Append("<td class=\"n\">").Append(N(s.Values[c])).Append("</td><td class=\"n\">").Append(N(x.NoiseLower)).Append(" to ").Append(N(x.NoiseUpper))
                 .Append("</td><td class=\"n\">").Append(N(x.Lower)).Append(" to ").Append(N(x.Upper)).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody>\n</table></div>\n</details>\n");
    }

    private static void HowToRead(StringBuilder h, ReleaseDesign design)
    {
        h.Append("<section id=\"read\">\n<h2>How to read these numbers</h2>\n<ul>\n");
        h.Append("<li><strong>Noise protects people.</strong> Before anything was published, random noise was added to every count, drawn exactly from the discrete Laplace distribution. ")
         .Append("The noise is large enough that no one person's arrests change what you see by much, and small enough that totals and trends stay clear. ")
         .Append("This release spent epsilon ").Append(E(design.TotalEpsilon.ToString())).Append(" of the dataset's privacy budget.</li>\n");
        h.Append("<li><strong>Each number is a best estimate.</strong> All tables were estimated together, so they agree with each other: a total is the same in every table that shows it, ")
         .Append("and removals never exceed detainers, detainers never exceed IDENT matches, matches never exceed arrests.</li>\n");
        h.Append("<li><strong>Two ranges, one for each kind of uncertainty.</strong> The <em>interval from noise</em> (solid whisker, dark band) is what the added noise allows: ")
         .Append("it contains the count of the records the release counted with probability at least 95%. ")
         .Append("The release counts each person's records only up to a limit, so that people arrested many times do not decide the noise. ")
         .Append("The <em>wider range</em> (dashed grey extension, light band) adds an allowance for the records beyond the limit, in case they all fell in this one cell; ")
         .Append("it contains the true count of all records with probability at least 95%. The left-out records are in some cells, not in each: the allowance is shared, so most cells' true counts lie well inside it. ")
         .Append("It covers every arrest except those of a person beyond twice that limit (")
         .Append(E(string.Join("; ", design.Tables.Select(t => $"{t.Name}: {t.Covers}")))).Append(").</li>\n");
        h.Append("<li><strong>A small count can show as 0.</strong> When the noise is larger than the count, the best whole, non-negative estimate can be 0; the interval (for example 0 to 40) shows how large the true count could be.</li>\n");
        h.Append("<li><strong>Why the estimate and the interval differ.</strong> The interval is built around the unbiased estimate, which can be fractional or negative; the published number is that estimate made whole, non-negative and consistent across tables. ")
         .Append("Do not add up intervals of cells: use <code>privacyshare query</code>, which gives the interval of a sum directly and much more tightly.</li>\n");
        h.Append("</ul>\n</section>\n");
    }

    private static void HowToCheck(StringBuilder h, ReleaseHeading spec, string version, Reservation spending, string? keyId)
    {
        h.Append("<section id=\"check\">\n<h2>How to check this release</h2>\n");
        h.Append(keyId is null
            ? "<p><strong>This is an unsigned draft:</strong> nobody can check who published it.</p>\n"
            : $"<p>The file <code>datapackage.json</code> lists every file of the release with its size and SHA-256 hash, and it is signed with the publisher's key <code>{E(keyId)}</code>. Get the publisher's public key (<code>KEY.pub</code>) from the publisher, then, in the release folder:</p>\n");
        h.Append("<pre><code>minisign -Vm datapackage.json -p KEY.pub\nsha256sum *.csv METHODOLOGY.md report.html   # each must match its hash in datapackage.json\n")
         .Append("privacyshare verify . --pubkey KEY.pub</code></pre>\n");
        h.Append("<p>This is release ").Append(E(version)).Append(", number ").Append(spending.Sequence).Append(" of dataset <code>").Append(E(spec.Dataset))
         .Append("</code>. ")
         .Append(string.IsNullOrEmpty(spending.PreviousManifestSha256)
             ? "It is the dataset's first release."
             : $"The SHA-256 of the previous release's <code>datapackage.json</code> is <code>{E(spending.PreviousManifestSha256)}</code>; <code>privacyshare verify-chain</code> checks that no release is missing.")
         .Append("</p>\n");
        h.Append("<p>").Append(string.Join(" ", BudgetText.Sentences(spending).Select(E))).Append("</p>\n");
        h.Append("<p><code>METHODOLOGY.md</code> explains the method; <code>measurements.csv</code> holds the raw noisy measurements for anyone who wants to redo the estimation.</p>\n</section>\n");
    }

    private static ImmutableArray<string>[] Cells(TableDesign table, DisplayLabels names)
    {
        var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
        var index = new int[sizes.Length];
        var cells = new ImmutableArray<string>[table.Cells];
        for (long c = 0; c < table.Cells; c++)
        {
            CellIndex.Decode(c, sizes, index);
            cells[c] = [.. table.Dimensions.Select((d, k) => names.WithCode(d.Name, d.Values[index[k]]))];
        }

        return cells;
    }

    private static T[] Column<T>(T[] values, int measures, int measure) =>
        [.. Enumerable.Range(0, values.Length / measures).Select(c => values[c * measures + measure])];

    // Once, in plain words: how many records each bound left out (a noisy count with its interval), and
    // what that means for any one cell.
    private static void LeftOut(StringBuilder h, ReleaseDesign design, IReadOnlyList<LeftOutCount> leftOut)
    {
        if (design.Dropped.IsEmpty)
        {
            if (LeftOutText.Refused(design) is { } alone)
            {
                h.Append("<h3 id=\"left-out\">Records the limits left out</h3>\n<p>").Append(E(alone)).Append("</p>\n");
            }

            return;
        }

        h.Append("<h3 id=\"left-out\">Records the limits left out</h3>\n<ul>\n");
        foreach (var (d, count) in design.Dropped.Zip(leftOut))
        {
            h.Append("<li>Beyond each person's first ").Append(d.Bound).Append(" in ").Append(E(string.Join(", ", d.Tables))).Append(": about ")
             .Append(N(count.Value)).Append(" records (95% interval ").Append(N(count.Lower)).Append(" to ").Append(N(count.Upper)).Append(").</li>\n");
        }

        h.Append("</ul>\n<p>These records are somewhere in the tables, not in every cell. Each cell's wider range allows for all of them falling in that cell; ")
         .Append("together they can raise the cells of one table by at most that many in all.")
         .Append(LeftOutText.PerPeriod(design) is { } where ? " " + E(where) : "")
         .Append(LeftOutText.Refused(design) is { } refused ? " " + E(refused) : "").Append("</p>\n");
    }


    private static string MonthName(string month) =>
        DateTime.ParseExact(month, "yyyy-MM", Invariant).ToString("MMMM yyyy", Invariant);

    private static string N(long value) => value.ToString("N0", Invariant);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    // System fonts only, no web fonts; colours above WCAG AA contrast; wide tables scroll on a phone; A4/Letter print.
    private const string Style = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --rule: #d0d0d0; --link: #0b5394; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #ffffff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
        h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-top: 1px solid var(--rule); padding-top: 1rem; }
        a { color: var(--link); }
        .lede { color: var(--muted); }
        .notes { border-left: 4px solid var(--link); padding: 0.25rem 0.8rem; margin: 0.5rem 0; background: #f3f6fa; }
        .notes ul { margin: 0.25rem 0; padding-left: 1.2rem; }
        .facts { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.5rem; }
        .facts li { border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 0.8rem; }
        .facts strong { font-size: 1.15rem; }
        figure { margin: 1rem 0; }
        figure svg { width: 100%; height: auto; display: block; }
        figcaption { font-size: 0.9rem; color: var(--muted); }
        figcaption .alt { display: block; }
        .source { color: var(--muted); font-size: 0.9rem; margin: 0; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
        th, td { border-bottom: 1px solid var(--rule); padding: 0.25rem 0.6rem; text-align: left; white-space: nowrap; }
        .n { text-align: right; }
        summary { cursor: pointer; color: var(--link); }
        pre { background: #f3f3f3; padding: 0.75rem; overflow-x: auto; font-size: 0.85rem; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        @media print {
          @page { margin: 15mm; } /* A4 or Letter, whichever the printer has */
          body { font-size: 11pt; }
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; }
          figure, .facts li, tr { break-inside: avoid; }
          details > summary { display: none; }
          details:not([open]) > .scroll { display: block; }
          a { color: var(--ink); text-decoration: none; }
        }

        """;
}
