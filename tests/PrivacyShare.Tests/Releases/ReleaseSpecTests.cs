using System.Text.Json.Nodes;
using PrivacyShare.Releases;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

public sealed class ReleaseSpecTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Example_Loads()
    {
        var spec = ReleaseSpec.Load(Specs.ExamplePath);

        Assert.Equal("boston-secure-communities", spec.Dataset);
        Assert.Equal("1", spec.TotalEpsilon.ToString());
        Assert.Equal(21 * 3, spec.Tables[0].Cells);
        Assert.Equal(12 * 7, spec.Tables[1].Cells); // 11 districts + OTHER, 6 races + OTHER
    }

    public static TheoryData<string, Action<JsonObject>, string> BadSpecs => new()
    {
        { "unknown dimension", j => j["tables"]![0]!["dimensions"]![0] = "weekday", "'weekday' is not a dimension" },
        { "unknown measure", j => j["tables"]![0]!["measures"]![0] = "bookings", "'bookings' is not a measure" },
        { "table without epsilon", j => j["tables"]![1]!.AsObject().Remove("epsilon"), "field 'tables[1].epsilon': is missing" },
        { "empty domain", j => j["domains"]!["district"] = new JsonArray(), "field 'domains.district': is empty" },
        { "period backwards", j => j["period"] = new JsonObject { ["from"] = "2010-06", ["to"] = "2008-10" }, "ends (2008-10) before it starts (2010-06)" },
        { "zero epsilon", j => j["tables"]![0]!["epsilon"] = 0, "field 'tables[0].epsilon': is 0" },
        { "undeclared domain", j => j["tables"]![0]!["dimensions"]![0] = "country_of_birth", "'country_of_birth' has no declared domain" },
        { "gaussian", j => j["privacy"]!["mechanism"] = "discrete-gaussian", "not supported for releases" },
        { "no bound", j => j["privacy"]!.AsObject().Remove("max_records_per_person"), "max_records_per_person': is missing" },
        { "unknown field", j => j["tabels"] = new JsonArray(), "tabels" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Load_BadSpec_IsAClearError(string what, Action<JsonObject> edit, string message)
    {
        var path = Specs.Write(_dir, edit);

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: {e.Message}");
    }
}
