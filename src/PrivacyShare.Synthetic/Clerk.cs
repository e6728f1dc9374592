using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// How a records clerk types what a booking records: date layouts, the FBI number on some bookings only
/// and with separators or invisible characters, names in another case, spacing, without accents or
/// swapped, the variations identity linkage must fold (docs/identity.md). Draws from the caller's
/// stream, so a generator's output for a seed does not change with who types.
/// </summary>
internal sealed class Clerk(SyntheticProfile profile, SeededDraws random)
{
    private readonly SyntheticProfile _profile = profile;
    private readonly SeededDraws _random = random;

    /// <summary>The date layout this clerk uses for one date.</summary>
    public Records.DateStyle DateStyle() =>
        _random.Double() >= _profile.DateFormatRate ? Records.DateStyle.Iso : _random.Bool() ? Records.DateStyle.Us : Records.DateStyle.Compact;

    /// <summary>
    /// The FBI number as this booking carries it: on some bookings only (the commonest real split of one
    /// person into several identities), and typed with a separator or an invisible character.
    /// </summary>
    public string FbiAsBooked(string fbi)
    {
        if (fbi.Length == 0 || _random.Double() < _profile.FbiBookingMissingRate)
        {
            return "";
        }

        if (_random.Double() >= _profile.FbiFormatRate)
        {
            return fbi;
        }

        var cut = fbi.Length - 1;
        return _random.Number(0, 3) switch
        {
            0 => fbi[..cut] + "-" + fbi[cut..],
            1 => fbi[..cut] + " " + fbi[cut..],
            2 => "\uFEFF" + fbi,
            _ => fbi[..cut] + "\u00AD" + fbi[cut..],
        };
    }

    /// <summary>
    /// The name as this booking records it: accents dropped, a hyphen typed as a space, or first and
    /// last name swapped, the variations identity linkage folds (docs/identity.md).
    /// </summary>
    public (string Last, string First) NameAsBooked(string last, string first)
    {
        if (_random.Double() >= _profile.NameVariantRate)
        {
            return (last, first);
        }

        return _random.Number(0, 2) switch
        {
            0 when !System.Text.Ascii.IsValid(last + first) => (WithoutAccents(last), WithoutAccents(first)),
            1 when last.Contains('-') => (last.Replace('-', ' '), first),
            1 when last.Contains(' ') => (last.Replace(' ', '-'), first),
            _ => (first, last),
        };
    }

    private static string WithoutAccents(string name) =>
        new([.. name.Normalize(System.Text.NormalizationForm.FormD).Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)]);

    /// <summary>
    /// The same name typed in different ways: case, and stray or doubled spaces. Exactly the variations
    /// that pseudonym normalization (NFKC, trim, collapse spaces, upper case) removes.
    /// </summary>
    public string AsTyped(string name)
    {
        var typed = name;
        if (_random.Double() < _profile.NameCaseRate)
        {
            typed = _random.Bool() ? typed.ToLowerInvariant() : TitleCase(typed);
        }

        if (_random.Double() < _profile.NameSpacingRate)
        {
            typed = _random.Number(0, 2) switch
            {
                0 => typed + " ",
                1 => " " + typed,
                _ => typed.Contains(' ') ? typed.Replace(" ", "  ") : typed + "  ",
            };
        }

        return typed;
    }

    private static string TitleCase(string upper) =>
        string.Create(upper.Length, upper, static (span, s) =>
        {
            var start = true;
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = start ? char.ToUpperInvariant(s[i]) : char.ToLowerInvariant(s[i]);
                start = !char.IsLetter(s[i]);
            }
        });
}
