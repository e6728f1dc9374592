using System.Collections.Frozen;
using System.Globalization;

namespace PrivacyShare.Import;

/// <summary>
/// One canonical column's rule, compiled from the mapping file: where its value comes from (a source
/// column or a constant) and how a source value becomes a canonical one (a blank's value, a recoding
/// table or crosswalk with a value for codes it lacks, date formats). See docs/import.md.
/// </summary>
internal sealed class ImportRule
{
    public required string Column { get; init; }

    /// <summary>The column's index among <see cref="Records.ArrestSchema.Checked"/>, for its canonical rule.</summary>
    public required int Canonical { get; init; }

    /// <summary>Whether the mapping gives the column no rule (the export does not have it).</summary>
    public bool Unmapped { get; init; }

    /// <summary>The source column, or null for a constant.</summary>
    public string? From { get; init; }

    public string? Constant { get; init; }

    /// <summary>Source value (trimmed, any case) to canonical value: the recode table or the crosswalk.</summary>
    public FrozenDictionary<string, string>? Table { get; init; }

    /// <summary>What the table is called in messages: "the recode table" or the crosswalk's file name.</summary>
    public string TableName { get; init; } = "the recode table";

    /// <summary>The value for a non-blank source value the table lacks; null makes it a problem.</summary>
    public string? Otherwise { get; init; }

    /// <summary>The value for a blank source cell; null leaves it blank for the canonical rules to judge.</summary>
    public string? Blank { get; init; }

    /// <summary>
    /// The code format every non-empty value must match in whole (<see cref="Internals.CodeFormat"/>):
    /// so that free text typed into a code column (a name in charge_code) is a problem, not a value.
    /// </summary>
    public System.Text.RegularExpressions.Regex? Pattern { get; init; }

    /// <summary>The pattern as the mapping gives it, for messages.</summary>
    public string? PatternText { get; init; }

    /// <summary>.NET custom date formats tried in order; the value is written ISO (yyyy-MM-dd).</summary>
    public string[]? DateFormats { get; init; }

    /// <summary>How a value came out of this rule, for the summary's counts.</summary>
    public enum Outcome
    {
        Kept,
        Recoded,
        Otherwise,
        Blank,
        NotInTable,
        NotADate,
        NotInFormat,
    }

    /// <summary>The canonical value of <paramref name="cell"/> (the source column's text) and how it was found.</summary>
    public (string Value, Outcome How) Apply(ReadOnlySpan<char> cell)
    {
        if (Constant is not null)
        {
            return (Constant, Outcome.Kept);
        }

        var trimmed = cell.Trim();
        if (trimmed.IsEmpty)
        {
            return Blank is null ? ("", Outcome.Kept) : (Blank, Outcome.Blank);
        }

        if (Table is not null)
        {
            return Table.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(trimmed, out var value) ? (value, Outcome.Recoded)
                : Otherwise is not null ? (Otherwise, Outcome.Otherwise)
                : (trimmed.ToString(), Outcome.NotInTable);
        }

        if (DateFormats is not null)
        {
            return DateTime.TryParseExact(trimmed, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date)
                ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Outcome.Recoded)
                : (trimmed.ToString(), Outcome.NotADate);
        }

        return Pattern is not null && !Pattern.IsMatch(trimmed) ? (trimmed.ToString(), Outcome.NotInFormat) : (cell.ToString(), Outcome.Kept);
    }
}
