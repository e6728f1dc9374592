using System.Collections.Immutable;

namespace PrivacyShare.Records;

/// <summary>
/// The age bands a release or a pseudonymized extract publishes: labels that are themselves age ranges
/// (<see cref="AgeRange"/>: <c>0-17</c>, <c>&lt;18</c>, <c>65+</c>), no two sharing an age. The default
/// is <c>0-17 18-24 25-34 35-44 45-54 55-64 65+</c>; a spec declares others under
/// <c>domains.age_band</c> (NYPD publishes <c>&lt;18 18-24 25-44 45-64 65+</c>).
/// </summary>
internal sealed class AgeBands
{
    private readonly AgeRange[] _ranges;

    private AgeBands(ImmutableArray<string> labels, AgeRange[] ranges)
    {
        Labels = labels;
        _ranges = ranges;
    }

    /// <summary>The default bands.</summary>
    public static AgeBands Default { get; } = Parse(["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"], out _)!;

    /// <summary>The labels, in the order given.</summary>
    public ImmutableArray<string> Labels { get; }

    /// <summary>Whether every age from 0 to <see cref="AgeRange.Oldest"/> is in a band.</summary>
    public bool CoversEveryAge =>
        Enumerable.Range(0, AgeRange.Oldest + 1).All(age => _ranges.Any(r => r.Holds(new AgeRange(age, age))));

    /// <summary>
    /// The bands labelled <paramref name="labels"/>, or null with the <paramref name="problem"/> in words
    /// (a label that is not an age range, or two bands sharing an age).
    /// </summary>
    public static AgeBands? Parse(IReadOnlyList<string> labels, out string? problem)
    {
        var ranges = new AgeRange[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (!AgeRange.TryParse(labels[i], out ranges[i]))
            {
                problem = $"'{Internals.Throw.Show(labels[i])}' is not an age band; write {AgeRange.Forms}";
                return null;
            }

            for (var j = 0; j < i; j++)
            {
                if (ranges[j].Overlaps(ranges[i]))
                {
                    problem = $"'{Internals.Throw.Show(labels[j])}' and '{Internals.Throw.Show(labels[i])}' share an age; bands must not overlap";
                    return null;
                }
            }
        }

        problem = null;
        return new AgeBands([.. labels], ranges);
    }

    /// <summary>Whole years of age at <paramref name="at"/>; negative when born after it.</summary>
    public static int AgeAt(DateOnly dob, DateOnly at)
    {
        var age = at.Year - dob.Year;
        return dob.AddYears(age) > at ? age - 1 : age;
    }

    /// <summary>
    /// The index of the band that holds all of <paramref name="age"/>; -1 when no band shares an age
    /// with it, and -2 when it reaches into a band without fitting in one (a group such as 25-44 against
    /// bands 25-34 and 35-44, which no honest count can split).
    /// </summary>
    public int IndexOf(AgeRange age)
    {
        var overlaps = false;
        for (var i = 0; i < _ranges.Length; i++)
        {
            if (_ranges[i].Holds(age))
            {
                return i;
            }

            overlaps |= _ranges[i].Overlaps(age);
        }

        return overlaps ? -2 : -1;
    }

    /// <summary>The labels of the bands <paramref name="age"/> reaches into, for messages.</summary>
    public string Spanned(AgeRange age) =>
        string.Join(", ", Labels.Where((_, i) => _ranges[i].Overlaps(age)));
}
