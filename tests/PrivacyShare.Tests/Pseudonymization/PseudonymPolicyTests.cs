using System.Text.Json.Nodes;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

public sealed class PseudonymPolicyTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string ExamplePath => Path.Combine(RepoRoot.Path, "examples", "policies", "default.json");

    private string Edited(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(ExamplePath))!.AsObject();
        edit(json);
        return _dir.Write("policy.json", json.ToJsonString());
    }

    private static JsonObject Column(JsonObject policy, string input) =>
        policy["columns"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string?)c["input"] == input);

    [Fact]
    public void Default_OutputsExactlyTheDocumentedColumns()
    {
        Assert.Equal(
            "person_id,booking_id,arrest_month,age_band,sex,race,ethnicity,country_of_birth,zip3,district,charge_code,offense_level,ident_match,detainer_issued,removed",
            string.Join(",", PseudonymPolicy.Default.OutputColumns));
        Assert.Equal(
            ["arrest_month", "age_band", "sex", "race", "ethnicity", "country_of_birth", "zip3", "district"],
            PseudonymPolicy.Default.QuasiIdentifiers.ToArray());
    }

    [Fact]
    public void Default_IsTheShippedExample()
    {
        Assert.Equal(PseudonymPolicy.Default.OutputColumns, PseudonymPolicy.Load(ExamplePath).OutputColumns);
    }

    [Theory]
    [InlineData("sex", "action", "hash", "'hash' is not an action")]
    [InlineData("arrest_date", "rule", "week", "'week' is not a rule")]
    [InlineData("last_name", "action", "keep", "identifies a person directly and cannot be kept")]
    [InlineData("booking_id", "action", "keep", "identifies a person directly")]
    [InlineData("sex", "output", "district", "'district' is output twice")]
    public void Load_BadColumnRule_NamesTheField(string input, string property, string value, string message)
    {
        var path = Edited(p => Column(p, input)[property] = value);

        var e = Assert.Throws<InputException>(() => PseudonymPolicy.Load(path));

        Assert.Contains(message, e.Message);
        Assert.Matches(@"field 'columns\[\d+\]\.\w+'", e.Message);
    }

    [Fact]
    public void Load_PersonActionOutsideIdentity_IsAnError()
    {
        var path = Edited(p => Column(p, "charge_description")["action"] = "person");

        var e = Assert.Throws<InputException>(() => PseudonymPolicy.Load(path));

        Assert.Contains("not in person.primary or person.fallback", e.Message);
    }

    [Fact]
    public void Load_QuasiIdentifierThatIsAPseudonym_IsAnError()
    {
        var path = Edited(p => p["quasi_identifiers"] = new JsonArray("person_id"));

        var e = Assert.Throws<InputException>(() => PseudonymPolicy.Load(path));

        Assert.Contains("'person_id' is not a kept or generalized output column", e.Message);
    }

    [Fact]
    public void Load_UnknownField_IsAnError()
    {
        var path = Edited(p => p["colums"] = new JsonArray());

        Assert.Contains("colums", Assert.Throws<InputException>(() => PseudonymPolicy.Load(path)).Message);
    }

    [Fact]
    public void Run_InputColumnNotInPolicy_FailsBeforeAnyOutput()
    {
        var input = _dir.Write("in.csv", Extracts.Header + ",ssn\n" + Extracts.GoodRow + ",123-45-6789\n");
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        var e = Assert.Throws<InputException>(() =>
            Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("out.csv"), Key = key }));

        Assert.Equal("ssn", e.Column);
        Assert.Contains("is not named in the policy", e.Message);
        Assert.False(File.Exists(_dir.File("out.csv")));
    }

    [Fact]
    public void Run_PolicyColumnMissingFromInput_FailsBeforeAnyOutput()
    {
        var policyPath = Edited(p => p["columns"]!.AsArray().Add(new JsonObject { ["input"] = "ssn", ["action"] = "drop" }));
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        var e = Assert.Throws<InputException>(() => Pseudonymizer.Run(new PseudonymizeOptions
        {
            InputPath = input,
            OutputPath = _dir.File("out.csv"),
            Key = key,
            Policy = PseudonymPolicy.Load(policyPath),
        }));

        Assert.Equal("ssn", e.Column);
        Assert.Contains("has no such column", e.Message);
        Assert.False(File.Exists(_dir.File("out.csv")));
    }

    [Fact]
    public void Run_CustomPolicy_KeepsDropsAndGeneralizesAsTold()
    {
        var policyPath = Edited(p =>
        {
            Column(p, "arrest_date")["rule"] = "year";
            Column(p, "arrest_date")["output"] = "arrest_year";
            Column(p, "district")["action"] = "drop";
            p["quasi_identifiers"] = new JsonArray("arrest_year", "sex");
        });
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow));
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        var result = Pseudonymizer.Run(new PseudonymizeOptions
        {
            InputPath = input,
            OutputPath = _dir.File("out.csv"),
            Key = key,
            Policy = PseudonymPolicy.Load(policyPath),
        });

        var lines = File.ReadAllLines(_dir.File("out.csv"));
        Assert.DoesNotContain("district", lines[0]);
        Assert.Contains("arrest_year", lines[0]);
        Assert.Contains(",2008,", lines[1]);
        Assert.Equal(["arrest_year", "sex"], result.Risk.QuasiIdentifiers.ToArray());
    }
}
