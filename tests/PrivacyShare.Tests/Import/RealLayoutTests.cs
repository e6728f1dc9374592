using System.Globalization;
using System.Text.Json.Nodes;
using nietras.SeparatedValues;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Import;

/// <summary>
/// Real layouts end to end (#20): excerpts of NYPD's and LAPD's published arrest data
/// (Fixtures/real/README.md) go through the ready mappings, `import --check`, `synth --augment` and
/// `release`. The extract keeps every source row's month and district exactly; the release's intervals
/// hold the source file's own counts. The source counts are read with Sep directly, not by the code
/// under test.
/// </summary>
public sealed class RealLayoutTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public sealed record Layout(string Name, string Excerpt, string Mapping, string Spec, string Dataset, string DateColumn, string DistrictColumn, string AgeColumn, int Rows)
    {
        public override string ToString() => Name;
    }

    private static readonly Layout Nypd = new("NYPD", "nypd-arrests-queens-2021.csv", "nypd-arrests.json", "nypd-queens-2021.json", "nypd-queens-arrests-2021", "ARREST_DATE", "ARREST_PRECINCT", "AGE_GROUP", 490);

    private static readonly Layout Lapd = new("LAPD", "lapd-arrests-2010-2019.csv", "lapd-arrests.json", "lapd-2010-2019.json", "lapd-arrests-2010-2019", "Arrest Date", "Area ID", "Age", 229);

    public static TheoryData<Layout> Layouts => new() { Nypd, Lapd };

    private static string Excerpt(Layout l) => Path.Combine(RepoRoot.Path, "tests", "PrivacyShare.Tests", "Fixtures", "real", l.Excerpt);

    private static string Mapping(Layout l) => Path.Combine(RepoRoot.Path, "examples", "mappings", l.Mapping);

    // The source's own rows: (month yyyy-MM, district, age text), read with Sep.
    private static List<(string Month, string District, string Age)> SourceRows(Layout l)
    {
        using var reader = Sep.Reader().FromFile(Excerpt(l));
        var rows = new List<(string, string, string)>();
        foreach (var row in reader)
        {
            var date = DateOnly.ParseExact(row[l.DateColumn].ToString()[..10], "MM/dd/yyyy", CultureInfo.InvariantCulture);
            rows.Add((date.ToString("yyyy-MM", CultureInfo.InvariantCulture), row[l.DistrictColumn].ToString().Trim(), row[l.AgeColumn].ToString().Trim()));
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void TheCheck_FindsNoProblemInTheRealValues_AndNamesTheColumnsOpenDataLacks(Layout l)
    {
        var run = Support.Cli.Run("import", "--map", Mapping(l), "--in", Excerpt(l), "--check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"the {l.Rows} rows are usable in the columns the mapping gives", run.Error, StringComparison.Ordinal);
        Assert.Contains("gives no rule for last_name, first_name, country_of_birth, fbi_number, home_zip, ident_match, detainer_issued, removed", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("kind of problem", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Augmenting_KeepsEveryRowsMonthDistrictAndAge_AndIsDeterministic(Layout l)
    {
        var extract = _dir.File(l.Name + ".csv");
        var run = Support.Cli.Run("synth", "--augment", Excerpt(l), "--map", Mapping(l), "--seed", "11", "--out", extract);
        Assert.True(run.ExitCode == 0, run.Error);

        var source = SourceRows(l);
        var records = ArrestCsvReader.ReadAll(extract).ToList();
        Assert.Equal(source.Count, records.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var r = records[i];
            Assert.Equal(source[i].Month, r.ArrestDate.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            Assert.Equal(source[i].District, r.District);

            // The synthetic date of birth gives the source's age, or an age in its group, at the arrest.
            Assert.True(AgeRange.TryParse(source[i].Age, out var age));
            var years = AgeBands.AgeAt(r.Dob!.Value, r.ArrestDate);
            Assert.True(years >= age.Low && years <= age.High, $"row {i + 2}: born {r.Dob}, {years} at {r.ArrestDate}, source age {source[i].Age}");
            Assert.NotEqual("", r.LastName.Trim());
        }

        // Some people are arrested more than once (the profile's heavy tail), and a seed gives one file.
        Assert.True(records.Select(r => (r.LastName.Trim().ToUpperInvariant(), r.Dob)).Distinct().Count() < records.Count);
        var again = _dir.File(l.Name + "-again.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--augment", Excerpt(l), "--map", Mapping(l), "--seed", "11", "--out", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(extract), File.ReadAllBytes(again));
        var other = _dir.File(l.Name + "-other.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--augment", Excerpt(l), "--map", Mapping(l), "--seed", "12", "--out", other).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(extract), File.ReadAllBytes(other));
    }

    /// <summary>
    /// The release of the augmented extract holds the source's counts by month and by district in its
    /// intervals. Sized to fail less than once in a million runs: at epsilon 50 per table and a bound of
    /// 2, a discrete Laplace noise is non-zero with probability 2e^-25 / (1 + e^-25), about 3e-11, over
    /// fewer than 200 measurements; the left-out records, the only other gap between a published count
    /// and the source's, are what the intervals' allowance is for.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void TheRelease_HoldsTheSourcesOwnCountsByMonthAndDistrict(Layout l)
    {
        var extract = _dir.File(l.Name + ".csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--augment", Excerpt(l), "--map", Mapping(l), "--seed", "11", "--out", extract).ExitCode);

        // The shipped spec releases as it is ...
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", l.Dataset, "--epsilon", "100", "--ledger", _dir.File("l.db")).ExitCode);
        var shipped = Support.Cli.Run("release", "--in", extract, "--spec", Path.Combine(RepoRoot.Path, "examples", "releases", l.Spec), "--out", _dir.File("shipped"), "--ledger", _dir.File("l.db"), "--unsigned", "--quiet");
        Assert.True(shipped.ExitCode == 0, shipped.Error);

        // ... and, for the check, with its two tables of arrests at the largest epsilon a spec takes.
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "releases", l.Spec)))!.AsObject();
        spec["privacy"]!["epsilon"] = 99;
        spec["privacy"]!["max_records_per_person"] = 2;
        spec["labels"]!["dimensions"]!.AsObject().Remove("age_band");
        spec["tables"] = new JsonArray(
            new JsonObject { ["name"] = "monthly", ["dimensions"] = new JsonArray("arrest_month"), ["measures"] = new JsonArray("arrests") },
            new JsonObject { ["name"] = "by_district", ["dimensions"] = new JsonArray("district"), ["measures"] = new JsonArray("arrests") });
        var specPath = _dir.Write("spec.json", spec.ToJsonString());
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", l.Dataset, "--epsilon", "100", "--ledger", _dir.File("check.db")).ExitCode);
        var release = Support.Cli.Run("release", "--in", extract, "--spec", specPath, "--out", _dir.File("rel"), "--ledger", _dir.File("check.db"), "--unsigned", "--quiet");
        Assert.True(release.ExitCode == 0, release.Error);

        var source = SourceRows(l);
        AssertHolds(_dir.File("rel/monthly.csv"), "arrest_month", source.CountBy(s => s.Month).ToDictionary());
        AssertHolds(_dir.File("rel/by_district.csv"), "district", source.CountBy(s => s.District).ToDictionary());

        // The extract itself has the source's counts exactly.
        var records = ArrestCsvReader.ReadAll(extract).ToList();
        Assert.Equal(source.CountBy(s => s.Month).OrderBy(p => p.Key), records.CountBy(r => r.ArrestDate.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(p => p.Key));
        Assert.Equal(source.CountBy(s => s.District).OrderBy(p => p.Key), records.CountBy(r => r.District).OrderBy(p => p.Key));
    }

    [Fact]
    public void NypdsLawCodes_NeedTheirCodeFormat_WhichTheNypdPolicyGives()
    {
        var l = Nypd;
        var extract = _dir.File("nypd.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--augment", Excerpt(l), "--map", Mapping(l), "--seed", "11", "--out", extract).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);

        // "PL 1200501" has a space: the default code format refuses it, naming the field and the fix.
        var refused = Support.Cli.Run("pseudonymize", "--in", extract, "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"), "--quiet");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("field 'charge_code'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("\"pattern\"", refused.Error, StringComparison.Ordinal);

        var policy = Path.Combine(RepoRoot.Path, "examples", "policies", "nypd.json");
        var run = Support.Cli.Run("pseudonymize", "--in", extract, "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"), "--policy", policy, "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);
        using var reader = Sep.Reader().FromFile(_dir.File("p.csv"));
        var groups = reader.Enumerate(row => row["age_band"].ToString()).ToHashSet();
        Assert.Subset(new HashSet<string> { "<18", "18-24", "25-44", "45-64", "65+" }, groups);

        // The pseudonymized extract and the canonical one count the same people for the NYPD spec.
        var spec = ReleaseSpec.Load(Path.Combine(RepoRoot.Path, "examples", "releases", l.Spec));
        Assert.Equal(
            PrivacyShare.Releases.Counting.ReleaseCounter.Count(spec.Design, extract).People,
            PrivacyShare.Releases.Counting.ReleaseCounter.Count(spec.Design, _dir.File("p.csv")).People);
    }

    private static void AssertHolds(string table, string dimension, Dictionary<string, int> truth)
    {
        using var reader = Sep.Reader().FromFile(table);
        var cells = 0;
        foreach (var row in reader)
        {
            var value = row[dimension].ToString();
            var (low, high) = (row["arrests_lower"].Parse<long>(), row["arrests_upper"].Parse<long>());
            var count = truth.GetValueOrDefault(value);
            Assert.True(low <= count && count <= high, $"{Path.GetFileName(table)} {value}: the source has {count}, the interval is [{low}, {high}]");
            cells++;
        }

        Assert.True(cells >= truth.Count);
    }
}
