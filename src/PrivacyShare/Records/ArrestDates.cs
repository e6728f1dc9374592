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

    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(' '), AcceptedFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

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
