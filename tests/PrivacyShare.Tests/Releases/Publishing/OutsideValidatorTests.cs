using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Publishing;

/// <summary>A real release held to outside validators: the reference Frictionless implementation and the privacy property's JSON Schema.</summary>
public sealed class OutsideValidatorTests(SignedReleases releases) : IClassFixture<SignedReleases>
{
    private readonly SignedReleases _r = releases;

    private static string Schema => Path.Combine(RepoRoot.Path, "docs", "schemas", "privacy.schema.json");

    [SkippableFact]
    public void Release_ValidatesInNpmDatapackage_DescriptorAndEveryTablesRows()
    {
        var result = NodeValidators.DataPackage(_r.Dir.File("r2"));
        Tools.Require(result is not null, "Node.js and npm");

        Assert.True(result.Value.Code == 0, result.Value.Output);
        Assert.StartsWith("valid: 7 resources, profile data-package", result.Value.Output);
    }

    [Fact]
    public void Release_WithAValueThatIsNotAnInteger_IsRejectedByNpmDatapackage()
    {
        // The control: the validator really casts every row.
        var dir = _r.Copy("r2");
        var path = Path.Combine(dir, "removals_by_level.csv");
        var lines = File.ReadAllLines(path);
        lines[1] = string.Join(',', lines[1].Split(',').Select((c, i) => i == 1 ? "many" : c));
        File.WriteAllLines(path, lines);

        var result = NodeValidators.DataPackage(dir);
        if (result is null)
        {
            return;
        }

        Assert.Equal(1, result.Value.Code);
        Assert.Contains("The value \"many\" in column \"removals\" is not type \"integer\"", result.Value.Output);
    }

    [SkippableFact]
    public void PrivacyProperty_MatchesItsJsonSchema_AndTheSchemaRejectsABrokenOne()
    {
        var manifest = _r.Dir.File("r2/datapackage.json");
        var broken = _r.Dir.File($"broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, File.ReadAllText(manifest).Replace("\"unit\": \"person\"", "\"unit\": \"record\"", StringComparison.Ordinal));

        var valid = NodeValidators.Schema(Schema, manifest, "privacy");
        var invalid = NodeValidators.Schema(Schema, broken, "privacy");
        Tools.Require(!(valid is null || invalid is null), "Node.js and npm");

        Assert.True(valid.Value.Code == 0, valid.Value.Output);
        Assert.Equal(1, invalid.Value.Code);
        Assert.Contains("/unit: must be equal to constant", invalid.Value.Output);
    }
}
