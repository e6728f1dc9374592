namespace PrivacyShare.Records;

/// <summary>
/// An age at arrest in whole years: exact (<c>34</c>) or the range an agency publishes instead
/// (<c>25-44</c>, <c>&lt;18</c>, <c>65+</c>). Also the form of an age band's label.
/// </summary>
/// <param name="Low">The youngest age the value allows.</param>
/// <param name="High">The oldest; <see cref="Oldest"/> for an open range such as <c>65+</c>.</param>
internal readonly record struct AgeRange(int Low, int High)
{
    /// <summary>The oldest age an extract may give, and the top of an open range.</summary>
    public const int Oldest = 120;

    /// <summary>What the forms are, for messages.</summary>
    public const string Forms = "whole years (34), a range (25-44), under an age (<18) or an age and over (65+), from 0 to 120";

    /// <summary>
    /// One age in whole years (from a date of birth), counted as <see cref="Oldest"/> when above it, as
    /// the open top band always counted it.
    /// </summary>
    public static AgeRange Exact(int years) => new(Math.Min(years, Oldest), Math.Min(years, Oldest));

    /// <summary>Whether the value is one age, not a range.</summary>
    public bool IsExact => Low == High;

    /// <summary>Whether every age of <paramref name="other"/> is in this range.</summary>
    public bool Holds(AgeRange other) => Low <= other.Low && other.High <= High;

    /// <summary>Whether the two ranges share an age.</summary>
    public bool Overlaps(AgeRange other) => Low <= other.High && other.Low <= High;

    /// <summary>
    /// Reads <c>34</c>, <c>25-44</c>, <c>&lt;18</c> or <c>65+</c> (spaces around the parts are ignored);
    /// false for anything else, a range that runs backwards, or an age above <see cref="Oldest"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out AgeRange range)
    {
        range = default;
        var s = text.Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        if (s[0] == '<')
        {
            // "<18": under 18, so 0 to 17.
            if (!Years(s[1..], out var under) || under == 0)
            {
                return false;
            }

            range = new AgeRange(0, under - 1);
            return true;
        }

        if (s[^1] == '+')
        {
            if (!Years(s[..^1], out var from))
            {
                return false;
            }

            range = new AgeRange(from, Oldest);
            return true;
        }

        var dash = s.IndexOf('-');
        if (dash < 0)
        {
            if (!Years(s, out var age))
            {
                return false;
            }

            range = new AgeRange(age, age);
            return true;
        }

        if (!Years(s[..dash], out var low) || !Years(s[(dash + 1)..], out var high) || high < low)
        {
            return false;
        }

        range = new AgeRange(low, high);
        return true;
    }

    /// <summary>The canonical spelling: <c>34</c>, <c>25-44</c> or <c>65+</c> (an open range).</summary>
    public override string ToString() =>
        IsExact ? Low.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : High == Oldest ? FormattableString.Invariant($"{Low}+")
        : FormattableString.Invariant($"{Low}-{High}");

    private static bool Years(ReadOnlySpan<char> text, out int years)
    {
        years = 0;
        var s = text.Trim();
        if (s.IsEmpty || s.Length > 3 || s.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        foreach (var c in s)
        {
            years = (years * 10) + (c - '0');
        }

        return years <= Oldest;
    }
}
