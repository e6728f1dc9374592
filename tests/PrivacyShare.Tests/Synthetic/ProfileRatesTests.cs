using System.Text.RegularExpressions;
using PrivacyShare.Records;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Synthetic;

/// <summary>
/// The boston-2008 profile's published rates, measured on 300,000 rows read back through the CSV
/// reader. Tolerances are at least five standard errors of each proportion at this size.
/// </summary>
public sealed partial class ProfileRatesTests : IClassFixture<ProfileRatesTests.Sample>
{
    private readonly Sample _s;

    public ProfileRatesTests(Sample sample) => _s = sample;

    public sealed class Sample : IDisposable
    {
        private readonly TempFolder _dir = new();

        public Sample()
        {
            Path = _dir.File("big.csv");
            Synthesizer.Run(new SynthOptions { Rows = 300_000, Seed = 2024, OutputPath = Path });
            Records = ArrestCsvReader.ReadAll(Path).ToList();
            Text = File.ReadAllText(Path);
        }

        public string Path { get; }

        internal List<ArrestRecord> Records { get; }

        public string Text { get; }

        public void Dispose() => _dir.Dispose();
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        (double)items.Count(predicate) / items.Count;

    [Fact]
    public void IdentMatchRate_IsAboutSevenPercent() =>
        Assert.InRange(Share(_s.Records, r => r.IdentMatch), 0.065, 0.075);

    [Fact]
    public void OffenseLevelsAmongMatches_Are15_28_57()
    {
        var matches = _s.Records.Where(r => r.IdentMatch).ToList();
        Assert.InRange(Share(matches, r => r.OffenseLevel == OffenseLevel.Level1), 0.13, 0.17);
        Assert.InRange(Share(matches, r => r.OffenseLevel == OffenseLevel.Level2), 0.26, 0.30);
        Assert.InRange(Share(matches, r => r.OffenseLevel == OffenseLevel.Level3), 0.55, 0.59);
    }

    [Fact]
    public void Detainers_AreAboutAQuarterOfMatches_AndOnlyForMatches()
    {
        var matches = _s.Records.Where(r => r.IdentMatch).ToList();
        Assert.InRange(Share(matches, r => r.DetainerIssued), 0.23, 0.27);
        Assert.DoesNotContain(_s.Records, r => r.DetainerIssued && !r.IdentMatch);
    }

    [Fact]
    public void Removals_FollowTheLevel_AndOnlyAfterADetainer()
    {
        // Per detained arrest the removal rate is the profile's rate for its level: 0.70 for Level 1,
        // 0.12 for Levels 2 and 3 (about 750 and 4,250 detained arrests here; bands of 5 standard errors).
        var detained = _s.Records.Where(r => r.DetainerIssued).ToList();
        Assert.InRange(Share(detained.Where(r => r.OffenseLevel == OffenseLevel.Level1).ToList(), r => r.Removed), 0.62, 0.78);
        Assert.InRange(Share(detained.Where(r => r.OffenseLevel != OffenseLevel.Level1).ToList(), r => r.Removed), 0.095, 0.145);
        Assert.DoesNotContain(_s.Records, r => r.Removed && !r.DetainerIssued);
    }

    [Fact]
    public void NobodyIsRemovedTwice_AndNobodyIsArrestedAfterRemoval()
    {
        var byPerson = _s.Records.GroupBy(PersonKey).ToList();
        Assert.All(byPerson, g => Assert.True(g.Count(r => r.Removed) <= 1, $"{g.Key} removed {g.Count(r => r.Removed)} times"));
        Assert.Contains(byPerson, g => g.Any(r => r.Removed));
    }

    [Fact]
    public void Districts_AreTheElevenBostonDistricts()
    {
        string[] boston = ["A1", "A7", "B2", "B3", "C6", "C11", "D4", "D14", "E5", "E13", "E18"];
        Assert.Equal(boston.Order(), _s.Records.Select(r => r.District).Distinct().Order());
    }

    [Fact]
    public void Arrestees_AreMostlyMaleAndYoungAdults()
    {
        Assert.InRange(Share(_s.Records, r => r.Sex == Sex.Male), 0.78, 0.88);
        var ages = _s.Records.Select(r => r.ArrestDate.Year - r.Dob!.Value.Year).ToList();
        Assert.InRange(Share(ages, a => a is >= 18 and <= 34), 0.5, 0.75);
        Assert.InRange(Share(ages, a => a >= 65), 0.0, 0.03);
    }

    [Fact]
    public void CountryOfBirth_IsMostlyUsAmongNonMatches_AndLatinAmericanOrCaribbeanAmongMatches()
    {
        string[] latinCaribbean = ["DO", "SV", "GT", "HN", "BR", "HT", "CV", "JM", "MX", "CO", "EC", "TT", "PR", "CU", "PE", "NI"];
        Assert.InRange(Share(_s.Records.Where(r => !r.IdentMatch).ToList(), r => r.CountryOfBirth is "US" or "PR"), 0.85, 0.95);
        Assert.InRange(Share(_s.Records.Where(r => r.IdentMatch).ToList(), r => latinCaribbean.Contains(r.CountryOfBirth)), 0.80, 0.95);
    }

    [Fact]
    public void People_AboutAQuarterRecur_AndAFewFiveOrMoreTimes()
    {
        var arrestsPerPerson = _s.Records.GroupBy(PersonKey).Select(g => g.Count()).ToList();

        Assert.InRange(Share(arrestsPerPerson, n => n >= 2), 0.20, 0.30);
        Assert.InRange(Share(arrestsPerPerson, n => n >= 5), 0.01, 0.05);
    }

    [Fact]
    public void RepeatArrests_KeepFbiNumberAndDob_ButNamesVaryLikeClerksTypeThem()
    {
        var repeats = _s.Records.Where(r => r.FbiNumber != "").GroupBy(r => Digits(r.FbiNumber)).Where(g => g.Count() >= 2).ToList();

        Assert.All(repeats, g => Assert.Single(g.Select(r => r.Dob).Distinct()));
        var varied = repeats.Count(g => g.Select(r => r.LastName + "|" + r.FirstName).Distinct().Count() > 1);
        Assert.InRange((double)varied / repeats.Count, 0.1, 0.9);
        Assert.All(repeats, g => Assert.Single(g.Select(r => NameWords(r)).Distinct()));
    }

    [Fact]
    public void OnePersonsBookings_CarryTheFbiNumberOnSomeOnly_AndTypeItAndTheNameInSeveralWays()
    {
        // The cases identity linkage must join (docs/identity.md): 15% of a person's bookings leave the
        // FBI number blank, 4% type it with a separator or an invisible character, 4% vary the name.
        var withFbi = _s.Records.GroupBy(PersonKey).Where(g => g.Count() >= 2 && g.Any(r => r.FbiNumber != "")).ToList();
        var split = withFbi.Count(g => g.Any(r => r.FbiNumber == ""));
        Assert.InRange((double)split / withFbi.Count, 0.15, 0.45);

        var numbers = _s.Records.Where(r => r.FbiNumber != "").ToList();
        Assert.InRange(Share(numbers, r => r.FbiNumber != Digits(r.FbiNumber)), 0.03, 0.05);
        Assert.Contains(numbers, r => r.FbiNumber.StartsWith('\uFEFF'));
        Assert.Contains(numbers, r => r.FbiNumber.Contains('\u00AD', StringComparison.Ordinal));
        Assert.Contains(numbers, r => r.FbiNumber.Contains('-', StringComparison.Ordinal));

        var people = _s.Records.GroupBy(PersonKey).Where(g => g.Count() >= 2).ToList();
        Assert.Contains(people, g => g.Select(r => Normalize(r.LastName)).Distinct().Count() > 1);
    }

    [Fact]
    public void Dates_AreSometimesTypedInOtherFormats()
    {
        var lines = _s.Text.Split('\n').Skip(1).Where(l => l.Length > 0).ToList();
        var us = lines.Count(l => UsDate().IsMatch(l));
        var compact = lines.Count(l => CompactDate().IsMatch(l));

        Assert.InRange((double)us / lines.Count, 0.02, 0.1);
        Assert.InRange((double)compact / lines.Count, 0.02, 0.1);
    }

    [Fact]
    public void SomePeopleHaveNoFbiNumber()
    {
        // 12% of people have none; of the others, a booking leaves it blank with probability 0.15, so a
        // person with one arrest (75%) shows none 15% of the time: 0.12 + 0.88 * (0.75 * 0.15 + ...) = 0.22.
        var people = _s.Records.GroupBy(PersonKey).ToList();
        Assert.InRange(Share(people, g => g.All(r => r.FbiNumber == "")), 0.19, 0.26);
    }

    private static string PersonKey(ArrestRecord r) => People.Key(r);

    private static string NameWords(ArrestRecord r) => People.NameWords(r);

    private static string Digits(string fbi) => People.Digits(fbi);

    private static string Normalize(string s) => Spaces().Replace(s.Trim(), " ").ToUpperInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^[^,]*,\d{1,2}/\d{1,2}/\d{4},|,\d{1,2}/\d{1,2}/\d{4},[MFXU],")]
    private static partial Regex UsDate();

    [GeneratedRegex(@"^[^,]*,\d{8},|,\d{8},[MFXU],")]
    private static partial Regex CompactDate();
}
