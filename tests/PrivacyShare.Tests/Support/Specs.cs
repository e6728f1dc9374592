using System.Text.Json.Nodes;

namespace PrivacyShare.Tests.Support;

/// <summary>Release specs for tests, edited from the shipped example.</summary>
public static class Specs
{
    public static string ExamplePath => Path.Combine(RepoRoot.Path, "examples", "releases", "boston.json");

    public static string Write(TempFolder dir, Action<JsonObject>? edit = null, string name = "spec.json")
    {
        var json = JsonNode.Parse(File.ReadAllText(ExamplePath))!.AsObject();
        edit?.Invoke(json);
        return dir.Write(name, json.ToJsonString());
    }
}
