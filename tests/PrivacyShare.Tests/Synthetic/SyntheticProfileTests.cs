using System.Text.Json.Nodes;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Synthetic;

public sealed class SyntheticProfileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string ExamplePath =>
        Path.Combine(RepoRoot.Path, "examples", "profiles", "boston-2008.json");

    private string WriteEdited(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(ExamplePath))!.AsObject();
        edit(json);
        return _dir.Write("p.json", json.ToJsonString());
    }

    [Fact]
    public void BuiltIn_IsTheShippedExampleFile()
    {
        var shipped = SyntheticProfile.Load(ExamplePath);
        var builtIn = SyntheticProfile.Default;

        Assert.Equal(shipped.Name, builtIn.Name);
        Assert.Equal("boston-2008", builtIn.Name);
        Assert.Equal("2008-10", builtIn.From.ToString());
        Assert.Equal("2010-06", builtIn.To.ToString());
    }

    [Fact]
    public void Load_EditedRate_ChangesTheData()
    {
        var path = WriteEdited(j => j["ident_match_rate"] = 0.5);
        var profile = SyntheticProfile.Load(path);

        var result = Synthesizer.Run(new SynthOptions { Rows = 4_000, Seed = 1, Profile = profile, OutputPath = _dir.File("a.csv") });

        Assert.InRange((double)result.IdentMatches / result.Rows, 0.45, 0.55);
    }

    [Theory]
    [InlineData("ident_match_rate", "1.5", "field 'ident_match_rate': is 1.5; a rate is from 0 to 1")]
    [InlineData("period", "{\"from\":\"2010-01\",\"to\":\"2009-01\"}", "field 'period': ends (2009-01) before it starts (2010-01)")]
    [InlineData("sex", "{\"M\":1,\"Q\":1}", "field 'sex.Q': 'Q' is not a valid code")]
    [InlineData("districts", "{}", "field 'districts': has no positive weight")]
    [InlineData("districts", "{\"A1\":-1}", "field 'districts': has no positive weight")]
    [InlineData("name_locales", "{\"H\":\"xx\",\"N\":\"en\",\"U\":\"en\"}", "'xx' is not a Bogus locale")]
    public void Load_InvalidValue_NamesTheField(string field, string json, string message)
    {
        var path = WriteEdited(j => j[field] = JsonNode.Parse(json));

        var e = Assert.Throws<InputException>(() => SyntheticProfile.Load(path));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Load_UnknownField_IsAnError()
    {
        var path = WriteEdited(j => j["ident_match_rat"] = 0.1);

        var e = Assert.Throws<InputException>(() => SyntheticProfile.Load(path));

        Assert.Contains("ident_match_rat", e.Message);
    }

    [Fact]
    public void Load_MissingField_IsAnError()
    {
        var path = WriteEdited(j => j.Remove("charges"));

        var e = Assert.Throws<InputException>(() => SyntheticProfile.Load(path));

        Assert.Contains("field 'charges': is missing", e.Message);
    }

    [Fact]
    public void Load_NotJson_GivesLine()
    {
        var path = _dir.Write("p.json", "{\n  \"name\": \"x\",\n  oops\n}");

        var e = Assert.Throws<InputException>(() => SyntheticProfile.Load(path));

        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Resolve_UnknownPath_ListsBuiltIns()
    {
        var e = Assert.Throws<InputException>(() => SyntheticProfile.Resolve(_dir.File("nope.json")));

        Assert.Contains("built-in profiles: boston-2008", e.Message);
    }
}
