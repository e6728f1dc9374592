namespace PrivacyShare.Cli;

/// <summary>Human output that lists things: aligned columns under a header, numbers right-aligned.</summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="header"/>, indented two spaces; the columns in <paramref name="rightAligned"/> are right-aligned.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, IReadOnlyCollection<int>? rightAligned = null)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            "  " + string.Join("  ", cells.Select((c, i) => rightAligned?.Contains(i) == true ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }
    }
}
