using PrivacyShare.Internals;
using PrivacyShare.Records;

namespace PrivacyShare.Ledger;

/// <summary>
/// The months a release reads, both ends included, written <c>2009-01..2009-03</c>. A release always
/// reads consecutive months: one period of a calendar (a month, a quarter or a year), a summary's year,
/// or a one-shot release's spec period.
/// </summary>
internal readonly record struct PeriodRange
{
    public PeriodRange(ArrestMonth from, ArrestMonth to)
    {
        if (to < from)
        {
            throw Throw.Bug($"a period range ending ({to}) before it starts ({from})");
        }

        From = from;
        To = to;
    }

    public ArrestMonth From { get; }

    public ArrestMonth To { get; }

    public int Months => From.MonthsThrough(To);

    public bool Contains(ArrestMonth month) => month >= From && month <= To;

    /// <summary>The months both ranges hold, or null.</summary>
    public PeriodRange? Overlap(PeriodRange other)
    {
        var from = From > other.From ? From : other.From;
        var to = To < other.To ? To : other.To;
        return from <= to ? new PeriodRange(from, to) : null;
    }

    public IEnumerable<ArrestMonth> Each()
    {
        for (var m = From; m <= To; m = m.Plus(1))
        {
            yield return m;
        }
    }

    public override string ToString() => $"{From}..{To}";

    /// <summary>Reads <c>YYYY-MM..YYYY-MM</c> (what <see cref="ToString"/> writes); false for anything else.</summary>
    public static bool TryParse(string? text, out PeriodRange range)
    {
        range = default;
        var parts = text?.Split("..") ?? [];
        if (parts.Length != 2 || !ArrestMonth.TryParse(parts[0], out var from) || !ArrestMonth.TryParse(parts[1], out var to) || to < from
            || parts[0] != from.ToString() || parts[1] != to.ToString())
        {
            return false;
        }

        range = new PeriodRange(from, to);
        return true;
    }

    /// <summary>In words: "2009-03", or "2009-01 to 2009-12".</summary>
    public string Describe() => From == To ? From.ToString() : $"{From} to {To}";
}
