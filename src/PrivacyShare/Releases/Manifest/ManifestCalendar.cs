using System.Text.Json.Serialization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// A calendar release's calendar (docs/calendar.md): as the spec declared it, the period this release
/// published, the periods it measured (more than one after skipped periods), and what its tables count.
/// </summary>
internal sealed class ManifestCalendar
{
    public string? Cadence { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Summary { get; set; }

    [JsonConverter(typeof(RationalJson))]
    public Rational? SummaryShare { get; set; }

    /// <summary>The period this release publishes up to.</summary>
    public string? Period { get; set; }

    /// <summary>The periods whose new events this release measured.</summary>
    public List<string>? PeriodsMeasured { get; set; }

    /// <summary>The summary this release measured (2009), when it is a summary release; null for a regular one.</summary>
    public string? SummaryMeasured { get; set; }

    /// <summary>Every summary measured so far, this release's included: its measurements are carried as TABLE@SPAN.</summary>
    public List<string>? Summaries { get; set; }

    /// <summary>In words: that the tables count events by the period the calendar first saw them.</summary>
    public string? Counts { get; set; }
}
