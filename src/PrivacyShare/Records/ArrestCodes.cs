namespace PrivacyShare.Records;

/// <summary>
/// The one place that maps the extract's code letters to their enums and back, so the reader, the
/// writer, the generator and the documentation cannot disagree.
/// </summary>
internal static class ArrestCodes
{
    public const string SexCodes = "MFXU";
    public const string RaceCodes = "WBAIPU";
    public const string EthnicityCodes = "HNU";
    public const string FlagCodes = "YN";
    public const string LevelCodes = "123";

    public static char ToCode(Sex value) => SexCodes[(int)value];

    public static char ToCode(Race value) => RaceCodes[(int)value];

    public static char ToCode(Ethnicity value) => EthnicityCodes[(int)value];

    public static char ToCode(OffenseLevel value) => LevelCodes[(int)value - 1];

    public static char ToCode(bool flag) => flag ? 'Y' : 'N';

    public static bool TryParseSex(ReadOnlySpan<char> text, out Sex value)
    {
        var ok = TryParse(text, SexCodes, out int index);
        value = (Sex)index;
        return ok;
    }

    public static bool TryParseRace(ReadOnlySpan<char> text, out Race value)
    {
        var ok = TryParse(text, RaceCodes, out int index);
        value = (Race)index;
        return ok;
    }

    public static bool TryParseEthnicity(ReadOnlySpan<char> text, out Ethnicity value)
    {
        var ok = TryParse(text, EthnicityCodes, out int index);
        value = (Ethnicity)index;
        return ok;
    }

    public static bool TryParseLevel(ReadOnlySpan<char> text, out OffenseLevel value)
    {
        var ok = TryParse(text, LevelCodes, out int index);
        value = (OffenseLevel)(index + 1);
        return ok;
    }

    public static bool TryParseFlag(ReadOnlySpan<char> text, out bool value)
    {
        var ok = TryParse(text, FlagCodes, out int index);
        value = index == 0;
        return ok;
    }

    /// <summary>The codes as a reader-friendly list, for error messages: "M, F, X, U".</summary>
    public static string Describe(string codes) => string.Join(", ", codes.ToCharArray());

    /// <summary>True when <paramref name="text"/> is one of <paramref name="codes"/>, spaces around it aside.</summary>
    public static bool IsCode(ReadOnlySpan<char> text, string codes) => TryParse(text, codes, out _);

    // Codes are single upper-case letters; surrounding spaces are tolerated because clerks and
    // spreadsheets add them, anything else is an error rather than a guess.
    private static bool TryParse(ReadOnlySpan<char> text, string codes, out int index)
    {
        text = text.Trim(' ');
        index = text.Length == 1 ? codes.IndexOf(text[0]) : -1;
        if (index < 0)
        {
            index = 0;
            return false;
        }

        return true;
    }
}
