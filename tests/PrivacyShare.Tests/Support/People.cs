using PrivacyShare.Records;

namespace PrivacyShare.Tests.Support;

/// <summary>
/// The tests' own notion of "same person" in synthetic data, written for the tests and not taken from
/// the linkage code: the words of both names with accents dropped, in alphabetical order, and the date
/// of birth. Synthetic people rarely share both, and every typing variant the generator makes (case,
/// spaces, accents, hyphens, swapped names, a missing or reformatted FBI number) keeps them.
/// </summary>
internal static class People
{
    public static string Key(ArrestRecord r) => $"{NameWords(r)}|{r.Dob:yyyy-MM-dd}";

    public static string NameWords(ArrestRecord r)
    {
        var letters = new string([.. (r.LastName + " " + r.FirstName).Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && c != '\'')
            .Select(c => char.IsLetter(c) ? char.ToUpperInvariant(c) : ' ')]);
        return string.Join(' ', letters.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    /// <summary>An FBI number's letters and digits: separators and invisible characters removed.</summary>
    public static string Digits(string fbi) => new([.. fbi.Where(char.IsAsciiLetterOrDigit)]);
}
