using System.Globalization;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>
/// Pseudonymizing an extract that gives ages (docs/policies.md): the built-in policy for such an extract
/// bands the age and links people by name and age as a release does; a policy may declare its bands.
/// </summary>
public sealed class AgePolicyTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly PseudonymKey _key;

    public AgePolicyTests()
    {
        PseudonymKey.Create(_dir.File("p.key"), default, false, false);
        _key = PseudonymKey.Load(_dir.File("p.key"), TestKeys.NoPassphrase);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    // 600 arrests of 200 people (three each, a year apart), no FBI number, ages exact or NYPD's groups.
    private string Extract(bool groups)
    {
        var rows = new List<string> { string.Join(",", ArrestSchema.ColumnsWithAge) };
        for (var i = 0; i < 600; i++)
        {
            var person = i % 200;
            var age = 15 + (person % 60) + (i / 200);
            var text = !groups ? age.ToString(CultureInfo.InvariantCulture)
                : age < 18 ? "<18" : age < 25 ? "18-24" : age < 45 ? "25-44" : age < 65 ? "45-64" : "65+";
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"B{i},{2008 + (i / 200)}-11-0{1 + (i % 9)},LAST{person},ANN,{text},F,B,N,US,,02124,C11,266/30A,X,3,N,N,N"));
        }

        return _dir.Write(groups ? "groups.csv" : "ages.csv", string.Join("\n", rows) + "\n");
    }

    private string[][] Pseudonymize(string input, PseudonymPolicy? policy = null)
    {
        var output = _dir.File(Path.GetFileNameWithoutExtension(input) + "-p.csv");
        File.Delete(output);
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = output, Key = _key, Policy = policy });
        return [.. File.ReadAllLines(output).Select(l => l.Split(','))];
    }

    [Fact]
    public void TheBuiltInPolicy_ForAges_BandsTheAge_AndLinksAsTheReleaseDoes()
    {
        var input = Extract(groups: false);
        var rows = Pseudonymize(input);

        var header = rows[0];
        Assert.Contains("age_band", header);
        Assert.DoesNotContain("age", header);
        var band = Array.IndexOf(header, "age_band");
        Assert.Equal("0-17", rows[1][band]); // person 0 is 15 at the first arrest
        Assert.Equal(200, rows.Skip(1).Select(r => r[0]).Distinct().Count());

        // The release of the canonical extract and of its pseudonymized form count the same people.
        var spec = ReleaseSpec.Load(Specs.ExamplePath);
        Assert.Equal(ReleaseCounter.Count(spec.Design, input).People, ReleaseCounter.Count(spec.Design, _dir.File("ages-p.csv")).People);
        Assert.Same(PseudonymPolicy.DefaultForAges, PseudonymPolicy.DefaultFor(ArrestSchema.ColumnsWithAge));
        Assert.Same(PseudonymPolicy.Default, PseudonymPolicy.DefaultFor(ArrestSchema.Columns));
    }

    [Fact]
    public void AgeGroups_NeedBandsThatHoldThem_WhichAPolicyDeclares()
    {
        var input = Extract(groups: true);
        var e = Assert.Throws<InputException>(() => Pseudonymize(input));
        Assert.Equal("age", e.Column);
        Assert.Contains("reaches into the age bands", e.Problem, StringComparison.Ordinal);
        Assert.Contains("\"bands\"", e.Problem, StringComparison.Ordinal);

        var json = File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "policies", "ages.json"))
            .Replace("\"rule\": \"age_band\",", "\"rule\": \"age_band\", \"bands\": [\"<18\", \"18-24\", \"25-44\", \"45-64\", \"65+\"],", StringComparison.Ordinal);
        var rows = Pseudonymize(input, PseudonymPolicy.Parse(json));
        var band = Array.IndexOf(rows[0], "age_band");
        Assert.Equal(new[] { "<18", "18-24", "25-44", "45-64", "65+" }.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[band]).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AKeptAge_IsWrittenInItsCanonicalSpelling_AndAReleaseBandsItAsFromTheExtract()
    {
        var input = Extract(groups: true);
        var json = File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "policies", "ages.json"))
            .Replace("{ \"input\": \"age\", \"action\": \"generalize\", \"rule\": \"age_band\", \"output\": \"age_band\" }", "{ \"input\": \"age\", \"action\": \"keep\" }", StringComparison.Ordinal)
            .Replace("\"arrest_month\", \"age_band\"", "\"arrest_month\", \"age\"", StringComparison.Ordinal);
        var rows = Pseudonymize(input, PseudonymPolicy.Parse(json));
        var age = Array.IndexOf(rows[0], "age");
        Assert.Equal(new[] { "0-17", "18-24", "25-44", "45-64", "65+" }.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[age]).Distinct().Order(StringComparer.Ordinal));

        var spec = ReleaseSpec.Parse(File.ReadAllText(Specs.ExamplePath)
            .Replace("\"domains\": {", "\"domains\": { \"age_band\": [\"<18\", \"18-24\", \"25-44\", \"45-64\", \"65+\"],", StringComparison.Ordinal)
            .Replace("\"dimensions\": [\"ethnicity\"]", "\"dimensions\": [\"age_band\"]", StringComparison.Ordinal));
        var fromExtract = ReleaseCounter.Count(spec.Design, input);
        var fromPseudonyms = ReleaseCounter.Count(spec.Design, _dir.File("groups-p.csv"));
        Assert.Equal(fromExtract.People, fromPseudonyms.People);
        Assert.Equal(fromExtract.Tables[^1], fromPseudonyms.Tables[^1]);
        Assert.Equal(400, fromExtract.Tables[^1].Sum()); // the arrests of 2008-11 and 2009-11; 2010-11 is after the period
    }

    [Theory]
    [InlineData("{ \"input\": \"age\", \"action\": \"generalize\", \"rule\": \"age_band\", \"at\": \"arrest_date\", \"output\": \"age_band\" }", "columns[2].at", "already the age at arrest")]
    [InlineData("{ \"input\": \"age\", \"action\": \"generalize\", \"rule\": \"age_band\", \"bands\": [\"18-30\", \"25-44\"], \"output\": \"age_band\" }", "columns[2].bands", "share an age")]
    [InlineData("{ \"input\": \"age\", \"action\": \"generalize\", \"rule\": \"age_band\", \"bands\": [], \"output\": \"age_band\" }", "columns[2].bands", "each band once")]
    [InlineData("{ \"input\": \"age\", \"action\": \"generalize\", \"rule\": \"month\", \"bands\": [\"<18\"], \"output\": \"age_band\" }", "columns[2].bands", "only to the rule age_band")]
    public void APolicysAgeRule_IsChecked_NamingTheField(string rule, string field, string expected)
    {
        var json = File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "policies", "ages.json"))
            .Replace("{ \"input\": \"age\", \"action\": \"generalize\", \"rule\": \"age_band\", \"output\": \"age_band\" }", rule, StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => PseudonymPolicy.Parse(json));
        Assert.Equal(field, e.Column);
        Assert.Contains(expected, e.Problem, StringComparison.Ordinal);
    }
}
