using System.Globalization;
using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// One synthetic person, as the generator (<see cref="ArrestGenerator"/>) and the filler of real exports
/// (<see cref="ExportFiller"/>) draw them: the identity every one of their bookings carries, however a
/// clerk types it, and how many of their arrests are still to come.
/// </summary>
internal sealed class SyntheticPerson(
    string lastName, string firstName, DateOnly dob, Sex sex, Race race, Ethnicity ethnicity,
    string country, string fbi, string zip, bool match)
{
    public string LastName { get; } = lastName;

    public string FirstName { get; } = firstName;

    public DateOnly Dob { get; } = dob;

    public Sex Sex { get; } = sex;

    public Race Race { get; } = race;

    public Ethnicity Ethnicity { get; } = ethnicity;

    public string Country { get; } = country;

    public string Fbi { get; } = fbi;

    public string Zip { get; } = zip;

    public bool Match { get; } = match;

    /// <summary>Arrests still to come.</summary>
    public int Remaining { get; set; }

    /// <summary>Arrests so far.</summary>
    public int Arrests { get; set; }

    /// <summary>The latest arrest so far (the filler removes a person at their latest arrest only).</summary>
    public DateOnly Latest { get; set; }

    /// <summary>Where the filler keeps the person while arrests are to come.</summary>
    public string? Bucket { get; set; }

    /// <summary>
    /// Draws what the generator and the export filler draw alike, in one order (a seed's output depends
    /// on it): names for the person's sex and ethnicity, an FBI number (none at the profile's rate), a
    /// home ZIP code and how many arrests the person will have. <paramref name="index"/> is the number
    /// of people drawn before, for the FBI number.
    /// </summary>
    public static SyntheticPerson Draw(SyntheticProfile profile, SeededDraws random, NameTables names, long index, int fbiOffset,
        DateOnly dob, Sex sex, Race race, Ethnicity ethnicity, string country, bool match)
    {
        var first = random.ArrayElement(sex == Sex.Female ? names.FemaleFirst : names.MaleFirst);
        var last = random.ArrayElement(names.Last);
        var fbi = random.Double() < profile.FbiMissingRate ? "" : FbiNumber(index, fbiOffset, random);
        var zip = profile.HomeZips.Sample(random);
        var total = profile.ArrestsPerPerson.Sample(random);
        return new SyntheticPerson(last, first, dob, sex, race, ethnicity, country, fbi, zip, match) { Remaining = total - 1, Arrests = 1 };
    }

    /// <summary>
    /// The FBI number of the person drawn <paramref name="index"/>-th: unique per person, a bijection of
    /// the index modulo 10^8 (the multiplier is coprime to 10), then a letter. Random numbers would
    /// collide (birthday bound) and silently merge two people.
    /// </summary>
    private static string FbiNumber(long index, int offset, SeededDraws random)
    {
        var n = (index * 7_919_237L + offset) % 100_000_000L;
        var letter = (char)('A' + random.Number(0, 25));
        return string.Create(CultureInfo.InvariantCulture, $"{n:D8}{letter}");
    }
}
