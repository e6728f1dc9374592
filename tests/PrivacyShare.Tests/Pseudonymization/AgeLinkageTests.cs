using System.Globalization;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>
/// One person is one person when the extract gives ages instead of birth dates (docs/identity.md): a
/// person's age changes between arrests, and an age group hides it, yet every record of one person must
/// fall under one contribution bound.
/// </summary>
public sealed class AgeLinkageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // Arrests by sex with a bound of 1: the records used are exactly the people linked.
    private static ReleaseSpec Spec() =>
        new ReleaseSpecBuilder("agetest", "T", "P")
            .Period(ArrestMonth.Parse("2008-10"), ArrestMonth.Parse("2010-06"))
            .Epsilon(Rational.One)
            .MaxRecordsPerPerson(1)
            .Table("t", ["sex"], ["arrests"])
            .Build();

    private static string Group(int age) =>
        age < 18 ? "<18" : age < 25 ? "18-24" : age < 45 ? "25-44" : age < 65 ? "45-64" : "65+";

    private static string Row(int booking, DateOnly arrested, string last, string birth, string fbi = "") =>
        string.Create(CultureInfo.InvariantCulture, $"08-{booking:D8},{arrested:yyyy-MM-dd},{last},JOSE,{birth},M,W,H,DO,{fbi},02119,B2,265/15A,X,1,N,N,N");

    private string Write(string name, string birthColumn, IEnumerable<string> rows)
    {
        var header = string.Join(",", birthColumn == "age" ? ArrestSchema.ColumnsWithAge : ArrestSchema.Columns);
        return _dir.Write(name, string.Join("\n", [header, .. rows]) + "\n");
    }

    [Fact]
    public void EveryPersonsArrestsAcrossBirthdays_AreOnePerson_WithExactAgesGroupsOrBoth()
    {
        // 400 people, each arrested 8 times over 21 months (so most pass a birthday between arrests),
        // born any day of the year: a quarter give exact ages, a quarter NYPD's age groups, half a mix
        // of both per arrest. With a bound of 1, the records used are the people linked: more would mean
        // a person split in two (the privacy failure), fewer that different names were joined.
        var random = new Random(20091123);
        const int people = 400;
        var first = new DateOnly(2008, 10, 1).DayNumber;
        var last = new DateOnly(2010, 6, 30).DayNumber;
        var withAges = new List<string>();
        var withBirthDates = new List<string>();
        var booking = 0;
        for (var p = 0; p < people; p++)
        {
            var born = DateOnly.FromDayNumber(random.Next(new DateOnly(1930, 1, 1).DayNumber, new DateOnly(2000, 12, 31).DayNumber));
            var name = "GARCIA" + p.ToString(CultureInfo.InvariantCulture);
            for (var k = 0; k < 8; k++)
            {
                var arrested = DateOnly.FromDayNumber(random.Next(first, last + 1));
                var age = AgeBands.AgeAt(born, arrested);
                var kind = p % 4 == 0 ? 0 : p % 4 == 1 ? 1 : random.Next(2);
                withAges.Add(Row(++booking, arrested, name, kind == 0 ? age.ToString(CultureInfo.InvariantCulture) : Group(age)));
                withBirthDates.Add(Row(booking, arrested, name, born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        }

        var byAge = ReleaseCounter.Count(Spec().Design, Write("ages.csv", "age", withAges));
        var byBirthDate = ReleaseCounter.Count(Spec().Design, Write("dobs.csv", "dob", withBirthDates));

        Assert.Equal(people, byBirthDate.RecordsUsed);
        Assert.Equal(people, byAge.RecordsUsed);
        Assert.True(byAge.Linkage!.ByAge);
        Assert.False(byBirthDate.Linkage!.ByAge);
    }

    [Fact]
    public void Namesakes_DecadesApart_StayTwoPeople_ButOneYearApart_AreJoined()
    {
        var day = new DateOnly(2009, 6, 1);
        var decades = Write("far.csv", "age", [Row(1, day, "GARCIA", "23"), Row(2, day, "GARCIA", "53")]);
        var adjacent = Write("near.csv", "age", [Row(1, day, "GARCIA", "23"), Row(2, day, "GARCIA", "24")]);

        Assert.Equal(2, ReleaseCounter.Count(Spec().Design, decades).RecordsUsed);

        // The documented price of linking without a birth date: a person of 23 and one of 24 may be one
        // person a birthday apart, so they are one identity (docs/identity.md, a merged identity).
        Assert.Equal(1, ReleaseCounter.Count(Spec().Design, adjacent).RecordsUsed);
    }

    [Fact]
    public void AnFbiNumberOnSomeBookingsOnly_JoinsThroughNameAndAge()
    {
        var rows = new[]
        {
            Row(1, new DateOnly(2008, 11, 2), "GARCIA", "29", "12345678A"),
            Row(2, new DateOnly(2009, 12, 2), "GARCIA", "30"),
            Row(3, new DateOnly(2010, 5, 2), "GARCIA", "25-44", "12345678-A"),
        };

        Assert.Equal(1, ReleaseCounter.Count(Spec().Design, Write("fbi.csv", "age", rows)).RecordsUsed);
    }
}
