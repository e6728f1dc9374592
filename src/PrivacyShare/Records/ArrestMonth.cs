using System.Globalization;
using PrivacyShare.Internals;

namespace PrivacyShare.Records;

/// <summary>A calendar month, written <c>yyyy-MM</c>: the time grain of published statistics.</summary>
public readonly record struct ArrestMonth : IComparable<ArrestMonth>
{
    private ArrestMonth(int year, int month)
    {
        Year = year;
        Month = month;
    }

    /// <summary>The year, 1 to 9999.</summary>
    public int Year { get; }

    /// <summary>The month, 1 to 12.</summary>
    public int Month { get; }

    /// <summary>The first day of the month.</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The last day of the month.</summary>
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    /// <summary>The month containing <paramref name="date"/>.</summary>
    public static ArrestMonth Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>Parses <c>yyyy-MM</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ArrestMonth month)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            month = new ArrestMonth(d.Year, d.Month);
            return true;
        }

        month = default;
        return false;
    }

    /// <summary>Parses <c>yyyy-MM</c>, or throws <see cref="FormatException"/> naming the value.</summary>
    public static ArrestMonth Parse(string text) =>
        TryParse(text, out var m) ? m : throw Throw.NotAMonth(text);

    /// <summary>The number of months from this one to <paramref name="last"/>, both included.</summary>
    public int MonthsThrough(ArrestMonth last) => (last.Year - Year) * 12 + last.Month - Month + 1;

    /// <summary>The month <paramref name="months"/> after this one.</summary>
    public ArrestMonth Plus(int months)
    {
        var index = Year * 12 + Month - 1 + months;
        return new ArrestMonth(index / 12, index % 12 + 1);
    }

    /// <inheritdoc/>
    public int CompareTo(ArrestMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    /// <summary>Whether <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    public static bool operator <(ArrestMonth a, ArrestMonth b) => a.CompareTo(b) < 0;

    /// <summary>Whether <paramref name="a"/> comes after <paramref name="b"/>.</summary>
    public static bool operator >(ArrestMonth a, ArrestMonth b) => a.CompareTo(b) > 0;

    /// <summary>Whether <paramref name="a"/> is not after <paramref name="b"/>.</summary>
    public static bool operator <=(ArrestMonth a, ArrestMonth b) => a.CompareTo(b) <= 0;

    /// <summary>Whether <paramref name="a"/> is not before <paramref name="b"/>.</summary>
    public static bool operator >=(ArrestMonth a, ArrestMonth b) => a.CompareTo(b) >= 0;

    /// <summary><c>yyyy-MM</c>.</summary>
    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
