using System.Globalization;
using System.Text.Json;
using PrivacyShare.Releases;

namespace PrivacyShare.Cli;

/// <summary>How <c>plan --advise-bounds</c> shows its advice: the noisy measurement, then per table the bound and why.</summary>
internal static class BoundAdviceText
{
    public static void Write(TextWriter output, BoundAdvice advice, string specPath)
    {
        output.WriteLine($"bound advice for {advice.Dataset} ({specPath}): epsilon {advice.Epsilon} spent (ledger entry {advice.LedgerEntry}), charged before any noise was drawn; " +
            "it publishes nothing, and the next release's accounting states it among the charges without a release");
        if (advice.Calendar)
        {
            output.WriteLine("  a calendar: its bounds cap each person's records across the whole calendar, so its tables are weighed as one release over the calendar's span would publish them, month by month");
        }

        output.WriteLine("  people by how many of their records a table counts: measured with noise, made non-negative and thinning out; never exact, not even here");
        foreach (var h in advice.Measured)
        {
            var tables = advice.Tables.Where(t => t.Stages == h.Stages && t.Recommended is not null).Select(t => t.Table);
            output.WriteLine($"    {string.Join(", ", tables)}: " + string.Join("  ", h.Bins.Select(b => $"{Bins(b)}: {Number(b.People)}")));
        }

        if (advice.TooNoisy)
        {
            output.WriteLine($"  warning: too noisy to trust: each bin's noise is up to ±{advice.BinNoiseHalfWidth:N0} (95%), against about {advice.Measured.Max(m => m.Bins.Sum(b => b.People)):N0} people measured. " +
                "The recommendations below mostly follow the noise; keep the spec's bounds, or measure again with a larger --epsilon-for-bounds");
        }

        foreach (var t in advice.Tables)
        {
            if (t.Recommended is not { } best)
            {
                output.WriteLine($"  {t.Table}: not weighed: it {t.Note}");
                continue;
            }

            var chosen = t.Options.First(o => o.Bound == best);
            var spec = t.Options.First(o => o.Bound == t.SpecBound);
            output.WriteLine(best == t.SpecBound
                ? $"  {t.Table}: keep max_records_per_person {best}: a cell's 95% interval for the true count is expected {Number(chosen.Width)} wide ({Parts(chosen)}), the narrowest of the bounds weighed"
                : $"  {t.Table}: max_records_per_person {best} (the spec gives {t.SpecBound}): a cell's 95% interval for the true count is expected {Number(chosen.Width)} wide ({Parts(chosen)}), against {Number(spec.Width)} at {t.SpecBound} ({Parts(spec)})");
            output.WriteLine("    weighed: " + string.Join("  ", t.Options.Select(o => $"{o.Bound}: {Number(o.Width)}")));
        }

        output.WriteLine("  To use them, set each table's \"max_records_per_person\" in the spec; a release charges its own epsilon. The widths are estimates from noisy counts: " +
            "spend more with --epsilon-for-bounds for a surer choice. A bound is published in the manifest, which is why it is chosen from noisy counts only.");
    }

    public static void WriteJson(Utf8JsonWriter w, BoundAdvice advice)
    {
        w.WriteStartObject();
        w.WriteString("dataset", advice.Dataset);
        w.WriteString("epsilon_spent", advice.Epsilon.ToString());
        w.WriteNumber("ledger_entry", advice.LedgerEntry);
        w.WriteNumber("bin_noise_half_width", advice.BinNoiseHalfWidth);
        w.WriteBoolean("too_noisy", advice.TooNoisy);
        w.WriteBoolean("calendar", advice.Calendar);
        w.WriteStartArray("measured");
        foreach (var h in advice.Measured)
        {
            w.WriteStartObject();
            w.WriteString("stages", h.Stages);
            w.WriteStartArray("bins");
            foreach (var b in h.Bins)
            {
                w.WriteStartObject();
                w.WriteNumber("low", b.Low);
                if (b.High is { } high)
                {
                    w.WriteNumber("high", high);
                }
                else
                {
                    w.WriteNull("high");
                }

                w.WriteNumber("people", Math.Round(b.People, 1));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("tables");
        foreach (var t in advice.Tables)
        {
            w.WriteStartObject();
            w.WriteString("table", t.Table);
            w.WriteString("stages", t.Stages);
            w.WriteNumber("spec_bound", t.SpecBound);
            if (t.Recommended is { } best)
            {
                w.WriteNumber("recommended", best);
            }
            else
            {
                w.WriteNull("recommended");
                w.WriteString("note", t.Note);
            }

            w.WriteStartArray("weighed");
            foreach (var o in t.Options)
            {
                w.WriteStartObject();
                w.WriteNumber("bound", o.Bound);
                w.WriteNumber("width", Math.Round(o.Width, 1));
                w.WriteNumber("noise_half_width", Math.Round(o.NoiseHalfWidth, 1));
                w.WriteNumber("allowance", Math.Round(o.Allowance, 1));
                w.WriteNumber("left_out", Math.Round(o.LeftOut, 1));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Bins(RecordsPerPersonBin b) =>
        b.High is not { } high ? $"{b.Low}+" : high == b.Low ? $"{b.Low}" : $"{b.Low}-{high}";

    private static string Parts(BoundOption o) =>
        $"noise ±{Number(o.NoiseHalfWidth)}, allowance {Number(o.Allowance)}, left-out records about {Number(o.LeftOut)}";

    private static string Number(double value) => value.ToString(value >= 100 ? "N0" : "0.#", CultureInfo.InvariantCulture);
}
