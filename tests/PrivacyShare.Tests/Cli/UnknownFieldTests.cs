using System.Text.Json.Nodes;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// An unknown field in any JSON file a user writes (release spec, policy, profile), at the top or inside
/// an object, is named with the file and its path, with the fields that object takes, and without the
/// serializer's .NET type names (#20: "could not be mapped to any .NET member ... ReleaseSpecJson").
/// </summary>
public sealed class UnknownFieldTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string, string> Files => new()
    {
        // file, where the field goes ("" for the top), the field the message must name, a field the list must hold
        { "examples/releases/boston.json", "", "description", "tables" },
        { "examples/releases/boston.json", "tables/0", "tables[0].note", "max_records_per_person" },
        { "examples/releases/boston.json", "privacy", "privacy.seed", "dropped_share" },
        { "examples/policies/default.json", "", "colour", "quasi_identifiers" },
        { "examples/profiles/boston-2008.json", "", "colour", "arrests_per_person" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void UnknownField_IsNamed_WithTheFieldsAllowed_AndNoDotNetTypeName(string file, string where, string field, string allowed)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, file)))!;
        var target = where.Length == 0 ? json : where.Split('/').Aggregate(json, (node, part) => int.TryParse(part, out var i) ? node[i]! : node[part]!);
        target[field.Split('.', '[')[^1].TrimEnd(']')] = "x";
        var path = _dir.Write("in.json", json.ToJsonString());

        var run = file.Contains("releases", StringComparison.Ordinal) ? Support.Cli.Run("plan", "--spec", path)
            : file.Contains("policies", StringComparison.Ordinal) ? Pseudonymize(path)
            : Support.Cli.Run("synth", "--profile", path, "--rows", "10", "--seed", "1", "--out", _dir.File("out.csv"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"in.json:1: field '{field}': ", run.Error, StringComparison.Ordinal);
        Assert.Contains("there is no such field", run.Error, StringComparison.Ordinal);
        Assert.Contains(allowed, run.Error[run.Error.IndexOf("the fields are", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PrivacyShare.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    private CliRun Pseudonymize(string policy)
    {
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        return Support.Cli.Run("pseudonymize", "--policy", policy, "--in", _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow)), "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"));
    }
}
