using System.Globalization;
using PrivacyShare.Internals;

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
        _ => throw Throw.OutOfRange(nameof(style), style, "unknown date style"),
    };

    /// <summary>
    /// Writes <paramref name="date"/> as <c>yyyy-MM-dd</c> into <paramref name="buffer"/> (at least 10
    /// chars) and returns it; its first 7 chars are <c>yyyy-MM</c> and its first 4 <c>yyyy</c>. Digit
    /// by digit, because the culture-aware formatter costs more than the rest of a row's work.
    /// </summary>
    public static Span<char> FormatIso(DateOnly date, Span<char> buffer)
    {
        var iso = buffer[..10];
        int year = date.Year, month = date.Month, day = date.Day;
        iso[0] = (char)('0' + (year / 1000));
        iso[1] = (char)('0' + (year / 100 % 10));
        iso[2] = (char)('0' + (year / 10 % 10));
        iso[3] = (char)('0' + (year % 10));
        iso[4] = '-';
        iso[5] = (char)('0' + (month / 10));
        iso[6] = (char)('0' + (month % 10));
        iso[7] = '-';
        iso[8] = (char)('0' + (day / 10));
        iso[9] = (char)('0' + (day % 10));
        return iso;
    }

    /// <summary>Writes <paramref name="date"/> into <paramref name="buffer"/> (at least 10 chars).</summary>
    public static ReadOnlySpan<char> Format(DateOnly date, DateStyle style, Span<char> buffer)
    {
        if (style == DateStyle.Iso)
        {
            return FormatIso(date, buffer);
        }

        date.TryFormat(buffer, out var written, Format(style), CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
