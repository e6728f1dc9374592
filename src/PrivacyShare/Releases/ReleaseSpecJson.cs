using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

// The release spec as JSON spells it; documented in docs/releases.md.
internal sealed class ReleaseSpecJson
{
    public string? Dataset { get; set; }
    public string? Title { get; set; }
    public string? Publisher { get; set; }
    public string? Version { get; set; }
    public PeriodPart? Period { get; set; }
    public CalendarPart? Calendar { get; set; }
    public PrivacyPart? Privacy { get; set; }
    public Dictionary<string, DomainJson>? Domains { get; set; }
    public List<TablePart>? Tables { get; set; }
    public List<string>? Notes { get; set; }
    public LabelsPart? Labels { get; set; }

    public sealed class LabelsPart
    {
        public Dictionary<string, string>? Dimensions { get; set; }
        public Dictionary<string, Dictionary<string, string>>? Values { get; set; }
    }

    public sealed class PeriodPart
    {
        public string? From { get; set; }
        public string? To { get; set; }
    }

    public sealed class CalendarPart
    {
        public string? Cadence { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Summary { get; set; }
        [JsonConverter(typeof(RationalJson))]
        public Rational? SummaryShare { get; set; }
    }

    public sealed class PrivacyPart
    {
        public string? Mechanism { get; set; }
        public int? MaxRecordsPerPerson { get; set; }
        [JsonConverter(typeof(RationalJson))]
        public Rational? Epsilon { get; set; }

        [JsonConverter(typeof(DroppedShareJson))]
        public DroppedShareJson.Setting? DroppedShare { get; set; }
    }

    /// <summary>
    /// A one-shot spec of a calendar's tables over the calendar's whole span: no calendar, each table's
    /// period dimension by arrest month, the period's labels dropped. What the bound advisor weighs a
    /// calendar's bounds by: they cap each person's records across the whole calendar.
    /// </summary>
    internal ReleaseSpecJson AsOneShot()
    {
        var copy = (ReleaseSpecJson)MemberwiseClone();
        copy.Period = new PeriodPart { From = Calendar?.From, To = Calendar?.To };
        copy.Calendar = null;
        copy.Tables = [.. Tables!.Select(t =>
        {
            var part = (TablePart)t.Copy();
            part.Dimensions = t.Dimensions?.Select(d => d == "period" ? "arrest_month" : d).ToList();
            return part;
        })];
        if (Labels is { } labels)
        {
            copy.Labels = new LabelsPart
            {
                Dimensions = labels.Dimensions?.Where(d => d.Key != "period").ToDictionary(StringComparer.Ordinal),
                Values = labels.Values?.Where(v => v.Key != "period").ToDictionary(StringComparer.Ordinal),
            };
        }

        return copy;
    }

    /// <summary>A copy with table <paramref name="table"/>'s bound replaced; the other parts are shared, as compiling never changes them.</summary>
    internal ReleaseSpecJson WithTableBound(int table, int bound)
    {
        var copy = (ReleaseSpecJson)MemberwiseClone();
        var tables = new List<TablePart>(Tables!);
        var part = (TablePart)tables[table].Copy();
        part.MaxRecordsPerPerson = bound;
        tables[table] = part;
        copy.Tables = tables;
        return copy;
    }

    public sealed class TablePart
    {
        internal object Copy() => MemberwiseClone();

        public string? Name { get; set; }
        public List<string>? Dimensions { get; set; }
        public List<string>? Measures { get; set; }
        [JsonConverter(typeof(RationalJson))]
        public Rational? Epsilon { get; set; }

        public decimal? Weight { get; set; }
        public int? MaxRecordsPerPerson { get; set; }
        public string? BeyondBound { get; set; }
    }
}
