using PrivacyShare.Internals;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Releases;

/// <summary>The precondition helpers of a spec's fields: each names the file and the field it rejects.</summary>
internal sealed class SpecFields(string source)
{
    public InputException Error(string field, string problem) => Throw.BadField(source, field, problem);

    public string Required(string? value, string field) => string.IsNullOrWhiteSpace(value) ? throw Error(field, "is missing") : value;

    /// <summary>One line of printable text, at most <paramref name="most"/> characters.</summary>
    public string Line(string? value, string field, int most)
    {
        var text = Required(value, field);
        if (text.Length > most || text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator))
        {
            throw Error(field, $"must be one line of printable text, at most {most} characters (no tab or line break; it goes into the signature's trusted comment and the report)");
        }

        return text;
    }

    public ArrestMonth Month(string? value, string field) =>
        ArrestMonth.TryParse(Required(value, field), out var month) ? month : throw Error(field, $"'{value}' is not a month; write yyyy-MM");

    public int Bound(int bound, string field) =>
        bound is >= 1 and <= 1000 ? bound : throw Error(field, $"is {bound}; give a whole number from 1 to 1000");

    public Rational Epsilon(Rational epsilon, string field) =>
        epsilon > 0 && epsilon <= 100 ? epsilon : throw Error(field, $"is {epsilon}; give a number above 0 and at most 100");
}
