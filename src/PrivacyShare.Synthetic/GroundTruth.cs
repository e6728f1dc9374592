using System.Text.Json;
using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Exact counts of a synthetic extract per (arrest month, offense level): arrests, IDENT matches,
/// detainers and removals. Researchers score published noisy tables against it. Every cell of the
/// period is written, zeros included.
/// </summary>
internal sealed class GroundTruth
{
    public const string Format = "privacyshare-truth/1";

    private readonly ArrestMonth _from;
    private readonly long[,] _counts; // [month * 3 + level - 1, measure]

    public GroundTruth(ArrestMonth from, ArrestMonth to)
    {
        _from = from;
        Months = from.MonthsThrough(to);
        _counts = new long[Months * 3, 4];
    }

    public int Months { get; }

    public void Add(ArrestRecord r)
    {
        var cell = (_from.MonthsThrough(ArrestMonth.Of(r.ArrestDate)) - 1) * 3 + (int)r.OffenseLevel - 1;
        _counts[cell, 0]++;
        _counts[cell, 1] += r.IdentMatch ? 1 : 0;
        _counts[cell, 2] += r.DetainerIssued ? 1 : 0;
        _counts[cell, 3] += r.Removed ? 1 : 0;
    }

    public void WriteJson(Stream stream, string profile, int seed, long rows)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("profile", profile);
        json.WriteNumber("seed", seed);
        json.WriteNumber("rows", rows);
        json.WriteStartObject("period");
        json.WriteString("from", _from.ToString());
        json.WriteString("to", _from.Plus(Months - 1).ToString());
        json.WriteEndObject();
        json.WriteStartArray("cells");
        for (var m = 0; m < Months; m++)
        {
            for (var level = 1; level <= 3; level++)
            {
                var cell = m * 3 + level - 1;
                json.WriteStartObject();
                json.WriteString("arrest_month", _from.Plus(m).ToString());
                json.WriteNumber("offense_level", level);
                json.WriteNumber("arrests", _counts[cell, 0]);
                json.WriteNumber("ident_matches", _counts[cell, 1]);
                json.WriteNumber("detainers", _counts[cell, 2]);
                json.WriteNumber("removals", _counts[cell, 3]);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
