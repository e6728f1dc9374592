using System.Globalization;

namespace PrivacyShare.Records;

/// <summary>
/// Dates as the extract carries them: ISO <c>yyyy-MM-dd</c> is canonical; <c>M/d/yyyy</c> (US
/// spreadsheets) and <c>yyyyMMdd</c> (mainframe exports) are read and normalized.
/// </summary>
internal static class ArrestDates
{
    public const string IsoFormat = "yyyy-MM-dd";
    public const string UsFormat = "M/d/yyyy";
    public const string CompactFormat = "yyyyMMdd";

    private static readonly string[] AcceptedFormats = [IsoFormat, UsFormat, CompactFormat];

    public const string AcceptedDescription = "yyyy-MM-dd, M/d/yyyy or yyyyMMdd";

    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        text = text.Trim(' ');

        // The canonical layout is by far the most common and is parsed directly: DateOnly's
        // multi-format parser costs about ten times as much, and a row holds up to three dates.
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text[..4], out var year) && TryDigits(text.Slice(5, 2), out var month) && TryDigits(text.Slice(8, 2), out var day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            date = new DateOnly(year, month, day);
            return true;
        }

        return DateOnly.TryParseExact(text, AcceptedFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + c - '0';
        }

        return true;
    }

    public static string Format(DateStyle style) => style switch
    {
        DateStyle.Iso => IsoFormat,
        DateStyle.Us => UsFormat,
        DateStyle.Compact => CompactFormat,
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown date style"),
    };

    /// <summary>Writes <paramref name="date"/> into <paramref name="buffer"/> (at least 10 chars).</summary>
    public static ReadOnlySpan<char> Format(DateOnly date, DateStyle style, Span<char> buffer)
    {
        date.TryFormat(buffer, out var written, Format(style), CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
