using System.Text;
using PrivacyShare.Ledger;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Publishing;

/// <summary>Writes METHODOLOGY.md: the release explained in plain language.</summary>
internal static class Methodology
{
    private static string N(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Text from the spec as Markdown shows it literally: HTML's &amp; &lt; &gt; as entities (a renderer
    /// must not run a tag), and every ASCII punctuation character CommonMark can give meaning to behind
    /// a backslash (CommonMark 0.31, section 2.4: any ASCII punctuation may be escaped).
    /// </summary>
    internal static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => b.Append("&amp;"),
                '<' => b.Append("&lt;"),
                '>' => b.Append("&gt;"),
                _ when char.IsAsciiLetterOrDigit(c) || c == ' ' || c > 127 => b.Append(c),
                _ when char.IsPunctuation(c) || char.IsSymbol(c) => b.Append('\\').Append(c),
                _ => b.Append(c),
            };
        }

        return b.ToString();
    }

    /// <summary>
    /// METHODOLOGY.md of a release. <paramref name="example"/>, a total with its intervals, and
    /// <paramref name="leftOut"/>, each dropped-records class's noisy count, explain the two intervals with
    /// this release's own published figures (noisy values only).
    /// </summary>
    public static string Write(ReleaseDesign design, string version, Reservation spending, IReadOnlyList<ValueChange>? changes = null,
        (string Label, long Value, Estimation.PublishedInterval Interval)? example = null, IReadOnlyList<Estimation.LeftOutCount>? leftOut = null)
    {
        var spec = design.Heading;
        var b = new StringBuilder();
        b.Append("# ").Append(Escape(spec.Title)).Append("\n\n");
        b.Append("Published by ").Append(Escape(spec.Publisher)).Append(". Dataset `").Append(spec.Dataset).Append("`, release ")
         .Append(Escape(version)).Append(" (number ").Append(spending.Sequence).Append(" of this dataset). Arrests from ")
         .Append(spec.From).Append(" to ").Append(spec.To).Append(" inclusive; arrests outside this period are not counted.\n\n");

        if (!spec.Notes.IsDefaultOrEmpty)
        {
            b.Append("## Notes from the publisher\n\n");
            foreach (var note in spec.Notes)
            {
                b.Append("- ").Append(Escape(note)).Append('\n');
            }

            b.Append('\n');
        }

        b.Append("## What is published\n\n");
        var names = spec.Display;
        foreach (var t in design.Tables)
        {
            b.Append("- `").Append(t.Name).Append(".csv`: ").Append(string.Join(", ", t.Measures.Select(Measures.Describe)))
             .Append(", by ").Append(string.Join(" and ", t.Dimensions.Select(d => names.Dimension(d.Name) == d.Name ? d.Name : $"{d.Name} ({Escape(names.Dimension(d.Name))})"))).Append(": ")
             .Append(t.Cells).Append(" cells, one for every combination of the declared values.\n");
        }

        // The codes the CSVs use, in words: every value of a published dimension that has a label.
        var coded = design.Dimensions.Where(d => d.Values.Any(v => names.Value(d.Name, v) is not null)).ToArray();
        if (coded.Length > 0)
        {
            b.Append("\nThe CSV files use codes; in words:\n\n");
            foreach (var d in coded)
            {
                b.Append("- ").Append(d.Name).Append(": ")
                 .Append(string.Join("; ", d.Values.Where(v => names.Value(d.Name, v) is not null).Select(v => $"`{v}` {Escape(names.Value(d.Name, v)!)}"))).Append('\n');
            }
        }

        b.Append("\nEvery cell of every declared value is published, including cells whose true count is zero: which cells appear never depends on the data. ");
        b.Append("Values outside a declared list are counted in a cell labelled `OTHER`.\n\n");

        b.Append("## How privacy is protected\n\n");
        b.Append("Each arrest record is in exactly one stage: not matched in IDENT, matched without a detainer, detained but not removed, or removed. ");
        b.Append("For every cell, each table measures the number of records in each group of stages it needs (arrests are all four stages, IDENT matches the last three, detainers the last two, removals the last), ");
        b.Append("and adds random noise drawn from the discrete Laplace distribution, sampled exactly from integers with the operating system's cryptographic random generator. ");
        b.Append("The noise makes the tables differentially private: whether or not any one person's records are in the data changes the probability of any published table by at most a factor of e^epsilon.\n\n");
        b.Append("- The privacy unit is the person. Each table counts at most its bound of each person's records among the stages it counts (the first ones in the source file); one person therefore changes a table's measurements by at most the bound (its sensitivity).\n");
        b.Append("- The records a bound leaves out are counted too, with noise (each person's next records up to the bound again), so that the intervals can cover them. A person's records beyond twice a bound are in no measurement, and the intervals do not account for them; choose bounds that few people exceed twice.\n\n");
        b.Append("| table | epsilon | bound | noise scale | 95% noise half-width, one cell | same, table total |\n|---|---|---|---|---|---|\n");
        for (var i = 0; i < design.Tables.Length; i++)
        {
            var t = design.Tables[i];
            var (cell, total) = design.HalfWidths[i];
            b.Append("| ").Append(t.Name).Append(" | ").Append(t.Epsilon).Append(" | ").Append(t.Bound).Append(" | ")
             .Append(t.Scale).Append(" | ").Append(string.Join(", ", cell.Select(h => h.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture))))
             .Append(" | ").Append(string.Join(", ", total.Select(h => h.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)))).Append(" |\n");
        }

        b.Append("\nThis release spends epsilon ").Append(spending.Epsilon).Append(" in total (the tables' epsilons add up; a share of ").Append(design.DroppedShare)
         .Append(" of each pays for counting the records its bound left out). ");
        if (design.Summaries.Any(x => x.Design.TotalEpsilon == spending.Epsilon) && spending.Epsilon != design.TotalEpsilon && design.Heading.Calendar is { } calendar)
        {
            b.Append("It is a summary: it measures the tables again over ").Append(design.Summaries[^1].Span.Label).Append(", each at ").Append(calendar.SummaryShare / calendar.RegularShare)
             .Append(" times the epsilon above, and the estimates combine these measurements with the periods' by least squares, so the span's published periods and its total agree. ");
        }

        if (spending.AbandonedEpsilon.Sign > 0)
        {
            b.Append("Since the previous release, epsilon ").Append(spending.AbandonedEpsilon)
             .Append(" was charged without a release: to releases that never appeared (a crash or a failed write after the charge), or to the noisy measurement that advised the contribution bounds (privacyshare plan --advise-bounds), which publishes nothing. The budget is charged before any noise is drawn, so such noise is paid for even if it is never published.\n\n");
        }

        b.Append(string.Join(" ", BudgetText.Sentences(spending).Select(Escape))).Append("\n\n");
        if (changes is not null)
        {
            // A summary changes the published values of its span's periods, once: say which and by how much.
            b.Append("## What this summary changed\n\n");
            b.Append(changes.Count == 0
                ? "No published value changed: the summary's measurements agreed with the periods' estimates to the nearest whole number.\n\n"
                : $"Combined with the summary's measurements, {changes.Count} published values of the summarized periods changed from the previous release (table, cell, measure: before → now). No other value changes.\n\n");
            foreach (var line in ValueChanges.Lines(changes))
            {
                b.Append("- ").Append(Escape(line)).Append('\n');
            }

            b.Append('\n');
        }

        b.Append("## How to read the numbers\n\n");
        b.Append("- **The value** in each measure's column is the best estimate, made to be usable: a whole number, never negative, and consistent. All tables are estimated together by weighted least squares, so a total that two tables share (total arrests, total IDENT matches) is the same in both, and within a cell removals <= detainers <= IDENT matches <= arrests.\n");
        b.Append("- **Two intervals.** Each value has two 95% intervals, one inside the other. ")
         .Append("`<measure>_noise_lower` to `<measure>_noise_upper` is the interval from noise alone: it contains the count of the records the table's bound counted with probability at least 95%. ")
         .Append("`<measure>_lower` to `<measure>_upper` adds the allowance for the records a bound left out, as if all of them fell in this one cell, and contains with probability at least 95% the true count of every record except a person's records beyond twice the table's bound (")
         .Append(string.Join("; ", design.Tables.Select(t => $"{t.Name}: {t.Covers}"))).Append("). ")
         .Append("The records unit was told how many records, if any, lay beyond; this release does not say, because even whether there were any depends on one person's records. ");
        b.Append("Both are built around the unbiased least-squares estimate from the exact distribution of the noise.\n");
        if (example is { } e)
        {
            var x = e.Interval;
            b.Append("- **For example**, ").Append(e.Label).Append(": ").Append(N(e.Value)).Append("; from noise ").Append(N(x.NoiseLower)).Append(" to ").Append(N(x.NoiseUpper))
             .Append("; with the left-out records ").Append(N(x.Lower)).Append(" to ").Append(N(x.Upper)).Append(".\n");
        }

        if (leftOut is { Count: > 0 })
        {
            b.Append("- **The records the bounds left out** were counted with noise: ")
             .Append(string.Join("; ", design.Dropped.Zip(leftOut, (d, c) => $"beyond each person's first {d.Bound} in {string.Join(", ", d.Tables)}, about {N(c.Value)} (95% interval {N(c.Lower)} to {N(c.Upper)})")))
             .Append(". They are in some cells, not in each: the allowance is shared by all cells, and together the left-out records raise a table's cells by at most that many in all. Most cells' true counts therefore lie well inside the wider interval.")
             .Append(LeftOutText.PerPeriod(design) is { } where ? " " + where : "").Append('\n');
        }

        if (LeftOutText.Refused(design) is { } refused)
        {
            b.Append("- ").Append(refused).Append('\n');
        }

        b.Append("- **Why they differ**: the unbiased estimate can be negative or fractional; the value is that estimate moved to the nearest consistent whole numbers that are not negative. A small true count can therefore show as 0 with an interval such as 0 to 12. Where the two differ, the interval is stretched to contain the value.\n");
        b.Append("- Add cells with `privacyshare query`, which computes the interval of a sum from the full covariance of the estimate; adding the cells' intervals would overstate the uncertainty.\n");
        b.Append("- `measurements.csv` holds the raw noisy measurements, each with its noise scale, for anyone who wants to redo the estimation.\n");
        b.Append("- No exact count, record, name or identifier is contained in this release.\n\n");
        b.Append("## Verifying\n\n`datapackage.json` lists every file with its size and SHA-256 hash, and its `privacy` property repeats the figures above, with the hash of the previous release of this dataset (`previous`), so that releases form a chain.\n");
        return b.ToString();
    }
}
