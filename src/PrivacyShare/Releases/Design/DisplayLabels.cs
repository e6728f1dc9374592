using System.Collections.Immutable;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// What a reader sees for a dimension and its values in the report and METHODOLOGY.md: the spec's
/// labels ("labels": {"dimensions": {"district": "precinct"}, "values": {"offense_level": {"1": "..."}}}),
/// else the built-in ones of the code lists (docs/schema.md), else the name or code itself. The CSVs
/// keep the codes: labels are for reading, codes for joining.
/// </summary>
internal sealed class DisplayLabels
{
    private static readonly ImmutableDictionary<string, string> BuiltInDimensions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["arrest_month"] = "month",
        ["period"] = "period",
        ["offense_level"] = "offense level",
        ["age_band"] = "age band",
        ["country_of_birth"] = "country of birth",
        ["zip3"] = "ZIP3",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    // The code lists of docs/schema.md; offense levels as ICE's Secure Communities statistics define them.
    private static readonly ImmutableDictionary<string, ImmutableDictionary<string, string>> BuiltInValues = new Dictionary<string, ImmutableDictionary<string, string>>(StringComparer.Ordinal)
    {
        ["race"] = Codes(("W", "White"), ("B", "Black"), ("A", "Asian"), ("I", "American Indian or Alaska Native"), ("P", "Native Hawaiian or Pacific Islander"), ("U", "Unknown")),
        ["ethnicity"] = Codes(("H", "Hispanic or Latino"), ("N", "Not Hispanic"), ("U", "Unknown")),
        ["sex"] = Codes(("M", "Male"), ("F", "Female"), ("X", "Neither"), ("U", "Unknown")),
        ["offense_level"] = Codes(
            ("1", "Level 1: aggravated felonies and violent or major drug offenses"),
            ("2", "Level 2: other felonies"),
            ("3", "Level 3: misdemeanors")),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, string> _dimensions;
    private readonly ImmutableDictionary<string, ImmutableDictionary<string, string>> _values;

    /// <summary>Labels: the spec's, over the built-in ones.</summary>
    public DisplayLabels(IReadOnlyDictionary<string, string>? dimensions = null, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? values = null)
    {
        _dimensions = dimensions?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty;
        _values = values?.ToImmutableDictionary(v => v.Key, v => v.Value.ToImmutableDictionary(StringComparer.Ordinal), StringComparer.Ordinal)
            ?? ImmutableDictionary<string, ImmutableDictionary<string, string>>.Empty;
    }

    /// <summary>The built-in labels alone.</summary>
    public static DisplayLabels Default { get; } = new();

    /// <summary>The dimensions and values the spec labels: checked against the design's domains.</summary>
    public IEnumerable<(string Dimension, string? Value)> Declared =>
        _dimensions.Keys.Select(d => (d, (string?)null)).Concat(_values.SelectMany(v => v.Value.Keys.Select(x => (v.Key, (string?)x))));

    /// <summary>A dimension as a reader calls it ("precinct" for district).</summary>
    public string Dimension(string name) =>
        _dimensions.TryGetValue(name, out var label) ? label : BuiltInDimensions.GetValueOrDefault(name, name);

    /// <summary>A value's label, or null when it has none (a district code, a month).</summary>
    public string? Value(string dimension, string value) =>
        _values.TryGetValue(dimension, out var mine) && mine.TryGetValue(value, out var label) ? label
        : BuiltInValues.TryGetValue(dimension, out var codes) && codes.TryGetValue(value, out var builtIn) ? builtIn
        : value == Design.Dimension.Other ? "other values, outside the declared list"
        : null;

    /// <summary>
    /// A value as a chart's axis shows it: a label's part before a colon ("Level 1"), else the label
    /// when short (40 characters), else the value; the numbers table below each chart gives the whole label.
    /// </summary>
    public string Show(string dimension, string value) => Value(dimension, value) switch
    {
        null => value,
        var label when label.IndexOf(':', StringComparison.Ordinal) is > 0 and <= 40 and var colon => label[..colon],
        { Length: <= 40 } label => label,
        _ => value,
    };

    /// <summary>A value as a table shows it: "White (W)", or the value alone when it has no label.</summary>
    public string WithCode(string dimension, string value) => Value(dimension, value) is { } label ? $"{label} ({value})" : value;

    private static ImmutableDictionary<string, string> Codes(params (string Code, string Label)[] codes) =>
        codes.ToImmutableDictionary(c => c.Code, c => c.Label, StringComparer.Ordinal);
}
