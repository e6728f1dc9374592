using System.Globalization;
using System.Net;
using System.Text;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// Static SVG charts for the release report, written by hand: a responsive viewBox, text in the page's
/// own fonts, a title and description for screen readers, and nothing that needs a script or a network.
/// </summary>
/// <remarks>
/// Colours are from Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008); text
/// and lines are #1b1b1b or #0b5394 on white, above the WCAG AA contrast of 4.5:1. ScottPlot 5's SVG
/// export was measured against this (2 cores): four managed assemblies (1.8 MB) plus SkiaSharp and
/// HarfBuzz native libraries (11 MB for linux-x64, 155 MB for every platform), 228 ms for the first chart,
/// a fixed pixel size and glyph positions from whatever fonts the machine has; these charts cost nothing
/// to ship and well under a millisecond each.
/// </remarks>
internal static class SvgChart
{
    /// <summary>The series colours, Okabe-Ito: blue, vermillion, bluish green, orange.</summary>
    public static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#E69F00"];

    private const string Ink = "#1b1b1b";
    private const string Grid = "#d0d0d0";

    // The allowance for left-out records, lighter than the noise: grey #8a8a8a on white is 3.4:1, the
    // WCAG contrast for graphical objects (1.4.11); its meaning is also in the legend and the table.
    private const string Allowance = "#8a8a8a";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One series: a value and its intervals (from noise; for the true count) for each category.</summary>
    public sealed record Series(string Name, long[] Values, PublishedInterval[] Intervals);

    /// <summary>
    /// A line per series over <paramref name="labels"/> (months or periods), each with its noise interval
    /// as a shaded band and the allowance for left-out records as a lighter band beyond it; with <paramref name="marked"/>, that point (a calendar's newest period) is drawn with a
    /// dashed rule and labelled, so a reader sees at once which value is new.
    /// </summary>
    public static string Lines(string id, string title, string description, IReadOnlyList<string> labels, IReadOnlyList<Series> series, int? marked = null)
    {
        // The margins hold half of the first and last labels (centred on their points), so "2021-09" is
        // not cut; the top holds the legend, one line per series and the key.
        const double width = 720, height = 320, bottom = 56;
        var left = Math.Max(64, TextWidth(labels[0], 11) / 2 + 6);
        var right = Math.Max(32, TextWidth(labels[^1], 11) / 2 + 6);
        var top = LegendHeight(series.Count);
        var max = NiceMax(series.SelectMany(s => s.Intervals).Select(x => x.Upper).DefaultIfEmpty(0).Max());
        double X(int i) => left + (labels.Count == 1 ? 0.5 : i / (double)(labels.Count - 1)) * (width - left - right);
        double Y(double v) => top + (1 - v / max) * (height - top - bottom);
        var b = Open(id, title, description, width, height);
        Axes(b, max, left, right, top, bottom, width, height);
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels.Count <= 12 || (i % 3 == 0 && (marked is not { } m || Math.Abs(i - m) >= 2)) || i == marked)
            {
                b.Append(Invariant, $"<text x=\"{X(i):0.#}\" y=\"{height - bottom + 18:0.#}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{Ink}\">{Esc(labels[i])}</text>");
            }
        }

        for (var s = 0; s < series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            string Band(Func<PublishedInterval, long> upper, Func<PublishedInterval, long> lower) =>
                string.Join(' ', Enumerable.Range(0, labels.Count).Select(i => Point(X(i), Y(upper(series[s].Intervals[i]))))
                    .Concat(Enumerable.Range(0, labels.Count).Reverse().Select(i => Point(X(i), Y(lower(series[s].Intervals[i]))))));
            b.Append(Invariant, $"<polygon points=\"{Band(x => x.Upper, x => x.Lower)}\" fill=\"{colour}\" fill-opacity=\"0.08\" stroke=\"{colour}\" stroke-opacity=\"0.5\" stroke-dasharray=\"3 3\"/>");
            b.Append(Invariant, $"<polygon points=\"{Band(x => x.NoiseUpper, x => x.NoiseLower)}\" fill=\"{colour}\" fill-opacity=\"0.28\" stroke=\"none\"/>");
            b.Append(Invariant, $"<polyline points=\"{string.Join(' ', Enumerable.Range(0, labels.Count).Select(i => Point(X(i), Y(series[s].Values[i]))))}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>");
            Legend(b, s, series[s].Name, colour);
        }

        Key(b, series.Count, "line: estimate; dark band: 95% interval from noise; light band: allowance for left-out records");
        if (marked is { } newest && newest >= 0 && newest < labels.Count)
        {
            var x = X(newest);
            b.Append(Invariant, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{top:0.#}\" y2=\"{height - bottom:0.#}\" stroke=\"{Ink}\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>");
            for (var s = 0; s < series.Count; s++)
            {
                b.Append(Invariant, $"<circle cx=\"{x:0.#}\" cy=\"{Y(series[s].Values[newest]):0.#}\" r=\"4.5\" fill=\"{Colours[s % Colours.Length]}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>");
            }

            var anchor = x > width - right - 60 ? "end" : "start";
            b.Append(Invariant, $"<text x=\"{(anchor == "end" ? x - 6 : x + 6):0.#}\" y=\"{top + 12:0.#}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"{anchor}\" fill=\"{Ink}\">newest: {Esc(labels[newest])}</text>");
        }

        return Close(b);
    }

    /// <summary>
    /// A bar per category and series, each with its noise interval as a solid whisker and the allowance
    /// for left-out records as a light extension of it.
    /// </summary>
    public static string Bars(string id, string title, string description, IReadOnlyList<string> labels, IReadOnlyList<Series> series)
    {
        // Labels wider than their slot are turned 40 degrees, the bottom margin grown to hold the longest
        // and the left one the first: none is cut, however long a declared value's label.
        const double width = 720, right = 16;
        var widest = labels.Select(l => TextWidth(l, 11)).DefaultIfEmpty(0).Max();
        var slot = (width - 64 - right) / Math.Max(1, labels.Count);
        var turned = widest > slot - 4;
        var (cos, sin) = (Math.Cos(40 * Math.PI / 180), Math.Sin(40 * Math.PI / 180));
        var left = turned ? Math.Max(64, cos * TextWidth(labels[0], 11) - slot / 2 + 8) : 64;
        slot = (width - left - right) / Math.Max(1, labels.Count);
        var bottom = turned ? Math.Max(56, sin * widest + 24) : 56;
        var top = LegendHeight(series.Count);
        var height = Math.Max(320, top + bottom + 200);
        var max = NiceMax(series.SelectMany(s => s.Intervals).Select(x => x.Upper).DefaultIfEmpty(0).Max());
        double Y(double v) => top + (1 - v / max) * (height - top - bottom);
        var bar = slot * 0.7 / series.Count;
        var b = Open(id, title, description, width, height);
        Axes(b, max, left, right, top, bottom, width, height);
        for (var i = 0; i < labels.Count; i++)
        {
            var x0 = left + i * slot + slot * 0.15;
            var (lx, ly) = (left + (i + 0.5) * slot, height - bottom + 18);
            b.Append(turned
                ? string.Create(Invariant, $"<text x=\"{lx:0.#}\" y=\"{ly - 4:0.#}\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-40 {lx:0.#} {ly - 4:0.#})\" fill=\"{Ink}\">{Esc(labels[i])}</text>")
                : string.Create(Invariant, $"<text x=\"{lx:0.#}\" y=\"{ly:0.#}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{Ink}\">{Esc(labels[i])}</text>"));
            for (var s = 0; s < series.Count; s++)
            {
                var x = x0 + s * bar;
                var colour = Colours[s % Colours.Length];
                b.Append(Invariant, $"<rect x=\"{x:0.#}\" y=\"{Y(series[s].Values[i]):0.#}\" width=\"{bar * 0.9:0.#}\" height=\"{Y(0) - Y(series[s].Values[i]):0.#}\" fill=\"{colour}\"/>");
                var mid = x + bar * 0.45;
                var interval = series[s].Intervals[i];
                if (interval.Upper > interval.NoiseUpper || interval.Lower < interval.NoiseLower)
                {
                    b.Append(Invariant, $"<path d=\"M{mid:0.#} {Y(interval.NoiseUpper):0.#}V{Y(interval.Upper):0.#}M{mid - 3:0.#} {Y(interval.Upper):0.#}H{mid + 3:0.#}M{mid:0.#} {Y(interval.NoiseLower):0.#}V{Y(interval.Lower):0.#}\" stroke=\"{Allowance}\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\" fill=\"none\"/>");
                }

                b.Append(Invariant, $"<path d=\"M{mid:0.#} {Y(interval.NoiseLower):0.#}V{Y(interval.NoiseUpper):0.#}M{mid - 5:0.#} {Y(interval.NoiseLower):0.#}H{mid + 5:0.#}M{mid - 5:0.#} {Y(interval.NoiseUpper):0.#}H{mid + 5:0.#}\" stroke=\"{Ink}\" stroke-width=\"1.5\" fill=\"none\"/>");

                // The value above the whisker, so that a bar too short to see still says its number.
                b.Append(Invariant, $"<text x=\"{mid + 8:0.#}\" y=\"{Math.Min(Y(interval.NoiseUpper), Y(series[s].Values[i])) - 4:0.#}\" font-size=\"11\" fill=\"{Ink}\">{series[s].Values[i].ToString("N0", Invariant)}</text>");
            }
        }

        for (var s = 0; s < series.Count; s++)
        {
            Legend(b, s, series[s].Name, Colours[s % Colours.Length]);
        }

        Key(b, series.Count, "bar: estimate; whisker: 95% interval from noise; dashed grey: allowance for left-out records");

        return Close(b);
    }

    /// <summary>A heat map of one measure over two dimensions: darker is more, each cell labelled with its value.</summary>
    public static string HeatMap(string id, string title, string description, IReadOnlyList<string> rows, IReadOnlyList<string> columns, long[] values)
    {
        // The left margin holds the longest row label; a column label wider than its cell is turned 40
        // degrees, the top margin grown to hold it.
        const double cellHeight = 26;
        var left = Math.Max(70, rows.Select(r => TextWidth(r, 11)).DefaultIfEmpty(0).Max() + 14);
        var cellWidth = Math.Max(44, Math.Min(90, 640.0 / columns.Count));
        var widest = columns.Select(c => TextWidth(c, 11)).DefaultIfEmpty(0).Max();
        var turned = widest > cellWidth - 4;
        var top = turned ? Math.Max(30, Math.Sin(40 * Math.PI / 180) * widest + 18) : 30;
        // A turned label runs up and to the right of its column: the right margin holds the last one's run.
        var run = turned ? Math.Cos(40 * Math.PI / 180) * widest : widest / 2;
        var width = left + cellWidth * columns.Count + Math.Max(10, run - cellWidth / 2 + 6);
        var height = top + cellHeight * rows.Count + 10;
        var max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var b = Open(id, title, description, width, height);
        for (var c = 0; c < columns.Count; c++)
        {
            var cx = left + (c + 0.5) * cellWidth;
            b.Append(turned
                ? string.Create(Invariant, $"<text x=\"{cx:0.#}\" y=\"{top - 8:0.#}\" font-size=\"11\" text-anchor=\"start\" transform=\"rotate(-40 {cx:0.#} {top - 8:0.#})\" fill=\"{Ink}\">{Esc(columns[c])}</text>")
                : string.Create(Invariant, $"<text x=\"{cx:0.#}\" y=\"{top - 10:0.#}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{Ink}\">{Esc(columns[c])}</text>"));
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + r * cellHeight;
            b.Append(Invariant, $"<text x=\"{left - 8:0.#}\" y=\"{y + cellHeight * 0.65:0.#}\" font-size=\"11\" text-anchor=\"end\" fill=\"{Ink}\">{Esc(rows[r])}</text>");
            for (var c = 0; c < columns.Count; c++)
            {
                var v = values[r * columns.Count + c];
                var t = Math.Sqrt(v / (double)max); // square root: small counts stay visible beside large ones
                var (fill, text) = Shade(t);
                b.Append(Invariant, $"<rect x=\"{left + c * cellWidth:0.#}\" y=\"{y:0.#}\" width=\"{cellWidth - 1:0.#}\" height=\"{cellHeight - 1:0.#}\" fill=\"{fill}\"/>");
                b.Append(Invariant, $"<text x=\"{left + (c + 0.5) * cellWidth:0.#}\" y=\"{y + cellHeight * 0.65:0.#}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{text}\">{v.ToString("N0", Invariant)}</text>");
            }
        }

        return Close(b);
    }

    // From near-white to dark blue; each label in black or white, whichever contrasts more with its cell
    // (WCAG 2 relative luminance: with black or white text, one of the two is always above 4.5:1).
    private static (string Fill, string Text) Shade(double t)
    {
        int Mix(int from, int to) => (int)Math.Round(from + (to - from) * t);
        var (r, g, bl) = (Mix(0xf4, 0x08), Mix(0xf8, 0x30), Mix(0xfb, 0x6b));
        static double Linear(int c) => c / 255.0 <= 0.04045 ? c / 255.0 / 12.92 : Math.Pow((c / 255.0 + 0.055) / 1.055, 2.4);
        var luminance = 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(bl);
        return ($"#{r:x2}{g:x2}{bl:x2}", (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff");
    }

    private static StringBuilder Open(string id, string title, string description, double width, double height)
    {
        var b = new StringBuilder();
        b.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:0.#} {height:0.#}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" id=\"{id}\">");
        b.Append(Invariant, $"<title id=\"{id}-title\">{Esc(title)}</title><desc id=\"{id}-desc\">{Esc(description)}</desc>");
        return b;
    }

    private static string Close(StringBuilder b) => b.Append("</svg>").ToString();

    private static void Axes(StringBuilder b, double max, double left, double right, double top, double bottom, double width, double height)
    {
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            var y = top + (1 - k / 4.0) * (height - top - bottom);
            b.Append(Invariant, $"<line x1=\"{left:0.#}\" x2=\"{width - right:0.#}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{Grid}\" stroke-width=\"1\"/>");
            b.Append(Invariant, $"<text x=\"{left - 6:0.#}\" y=\"{y + 4:0.#}\" font-size=\"11\" text-anchor=\"end\" fill=\"{Ink}\">{v.ToString("N0", Invariant)}</text>");
        }

        b.Append(Invariant, $"<line x1=\"{left:0.#}\" x2=\"{width - right:0.#}\" y1=\"{height - bottom:0.#}\" y2=\"{height - bottom:0.#}\" stroke=\"{Ink}\" stroke-width=\"1\"/>");
    }

    // One line per series (a swatch and its name), then one line that says what the marks mean; from the
    // chart's left edge, so the longest key fits the width.
    private static void Legend(StringBuilder b, int index, string text, string colour)
    {
        var y = 14 + index * 16;
        b.Append(Invariant, $"<rect x=\"8\" y=\"{y - 9}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>");
        b.Append(Invariant, $"<text x=\"26\" y=\"{y + 1}\" font-size=\"12\" fill=\"{Ink}\">{Esc(text)}</text>");
    }

    private static void Key(StringBuilder b, int series, string text) =>
        b.Append(Invariant, $"<text x=\"8\" y=\"{14 + series * 16 + 1}\" font-size=\"11\" fill=\"{Ink}\">{Esc(text)}</text>");

    private static double LegendHeight(int series) => 14 + (series + 1) * 16 + 12;

    // A generous estimate of a label's width in a sans-serif font of the given size (capitals and digits
    // near 0.68 em): used only to make room, so erring wide costs a little space, never a cut label.
    private static double TextWidth(string text, double size) => text.Length * size * 0.68 + 2;

    // A round upper end for a value axis: a few steps per power of ten, at least the largest value.
    private static double NiceMax(long value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Point(double x, double y) => string.Create(Invariant, $"{x:0.#},{y:0.#}");

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
