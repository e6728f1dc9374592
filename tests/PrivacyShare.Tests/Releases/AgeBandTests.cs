using System.Globalization;
using System.Text.Json.Nodes;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>
/// Age bands are declarable in the spec (docs/releases.md): the domain of age_band is the bands, the
/// default stays 0-17 ... 65+, and a release counts each record in the band that holds its age at
/// arrest, from a date of birth, an exact age or an age group.
/// </summary>
public sealed class AgeBandTests : IDisposable
{
    private static readonly string[] Nypd = ["<18", "18-24", "25-44", "45-64", "65+"];

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // The example spec, cut to one table of arrests by age band, with bands when given.
    private ReleaseSpec Spec(JsonNode? bands)
    {
        var path = Specs.Write(_dir, json =>
        {
            json.Remove("labels");
            json["tables"] = new JsonArray(new JsonObject { ["name"] = "by_age", ["dimensions"] = new JsonArray("age_band"), ["measures"] = new JsonArray("arrests") });
            if (bands is not null)
            {
                json["domains"]!["age_band"] = bands;
            }
        });
        return ReleaseSpec.Load(path);
    }

    private static JsonArray Labels(params string[] labels) => [.. labels.Select(l => (JsonNode)l)];

    [Fact]
    public void TheDefault_IsUnchanged_AndDeclaredBands_AreTheDomain()
    {
        Assert.Equal("0-17 18-24 25-34 35-44 45-54 55-64 65+", string.Join(" ", Spec(null).Design.Dimensions.Single(d => d.Name == "age_band").Values));

        // Bands that hold every age need no OTHER cell; bands that leave ages out get one.
        Assert.Equal(Nypd, Spec(Labels(Nypd)).Design.Dimensions.Single(d => d.Name == "age_band").Values.ToArray());
        Assert.Equal(["18-24", "25-44", "OTHER"], Spec(Labels("18-24", "25-44")).Design.Dimensions.Single(d => d.Name == "age_band").Values.ToArray());
    }

    [Theory]
    [InlineData("[\"adult\", \"18-24\"]", "domains.age_band", "'adult', which is not an age band")]
    [InlineData("[\"18-30\", \"25-44\"]", "domains.age_band", "'18-30' and '25-44' share an age")]
    [InlineData("[\"+65\"]", "domains.age_band", "'+65', which is not an age band")]
    [InlineData("{\"values\": [\"<18\", \"18-24\", \"25-44\", \"45-64\", \"65+\"], \"other\": true}", "domains.age_band.other", "holds every age")]
    public void BandsThatAreNotAgeRanges_AreRefused_NamingTheField(string bands, string field, string expected)
    {
        var e = Assert.Throws<InputException>(() => Spec(JsonNode.Parse(bands)));
        Assert.Equal(field, e.Column);
        Assert.Contains(expected, e.Problem, StringComparison.Ordinal);
    }

    private static string Row(int i, DateOnly arrested, string birth) =>
        string.Create(CultureInfo.InvariantCulture, $"08-{i:D8},{arrested:yyyy-MM-dd},P{i},ANN,{birth},F,B,N,US,{i:D8}X,02124,C11,266/30A,SHOPLIFTING,3,N,N,N");

    // The counts of table 0 per cell (summed over its stage groups: every flag is N).
    private static long[] PerCell(ExactCounts counts, int cells)
    {
        var t = counts.Tables[0];
        var groups = t.Length / cells;
        return [.. Enumerable.Range(0, cells).Select(c => Enumerable.Range(0, groups).Sum(g => t[(c * groups) + g]))];
    }

    [Fact]
    public void ARelease_CountsEachAgeInItsBand_FromBirthDatesAgesAndGroups()
    {
        // 3,000 people, one arrest each, ages 0 to 100; the test classifies them by the bands' floors.
        var random = new Random(2010);
        int[] floors = [0, 18, 25, 45, 65];
        var expected = new long[floors.Length];
        var (dobs, ages, groups) = (new List<string>(), new List<string>(), new List<string>());
        for (var i = 0; i < 3000; i++)
        {
            var arrested = DateOnly.FromDayNumber(random.Next(new DateOnly(2008, 10, 1).DayNumber, new DateOnly(2010, 6, 30).DayNumber + 1));
            var born = DateOnly.FromDayNumber(arrested.DayNumber - random.Next(0, 100 * 365));
            var age = AgeBands.AgeAt(born, arrested);
            var band = Array.FindLastIndex(floors, f => f <= age);
            expected[band]++;
            dobs.Add(Row(i, arrested, born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            ages.Add(Row(i, arrested, age.ToString(CultureInfo.InvariantCulture)));
            groups.Add(Row(i, arrested, Nypd[band]));
        }

        var spec = Spec(Labels(Nypd));
        string Csv(string name, bool age, List<string> rows) =>
            _dir.Write(name, string.Join("\n", [string.Join(",", ArrestSchema.Layout(age)), .. rows]) + "\n");

        Assert.Equal(expected, PerCell(ReleaseCounter.Count(spec.Design, Csv("dobs.csv", false, dobs)), 5));
        Assert.Equal(expected, PerCell(ReleaseCounter.Count(spec.Design, Csv("ages.csv", true, ages)), 5));
        Assert.Equal(expected, PerCell(ReleaseCounter.Count(spec.Design, Csv("groups.csv", true, groups)), 5));
    }

    [Fact]
    public void AGroupThatSpansTheSpecsBands_IsAnErrorNamingLineAndField_AndAnAgeOutsideThemIsOther()
    {
        var day = new DateOnly(2009, 6, 1);
        var rows = string.Join("\n", [string.Join(",", ArrestSchema.ColumnsWithAge), Row(1, day, "30"), Row(2, day, "25-44")]) + "\n";
        var e = Assert.Throws<InputException>(() => ReleaseCounter.Count(Spec(null).Design, _dir.Write("g.csv", rows)));
        Assert.Equal((3L, "age"), (e.Line, e.Column));
        Assert.Contains("reaches into the age bands 25-34, 35-44", e.Problem, StringComparison.Ordinal);
        Assert.Contains("domains.age_band", e.Problem, StringComparison.Ordinal);

        var partial = string.Join("\n", [string.Join(",", ArrestSchema.ColumnsWithAge), Row(1, day, "30"), Row(2, day, "70"), Row(3, day, "65+")]) + "\n";
        Assert.Equal([0L, 1L, 2L], PerCell(ReleaseCounter.Count(Spec(Labels("18-24", "25-44")).Design, _dir.Write("p.csv", partial)), 3));
    }
}
