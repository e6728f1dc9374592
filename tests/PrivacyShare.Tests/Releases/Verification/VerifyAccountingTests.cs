using System.Text.Json.Nodes;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Verification;

/// <summary>
/// verify checks the accounting it claims to check (../shared/repro/08): a publisher's own key re-signs
/// each change, so only recomputing the scales and re-deriving the estimates can see it.
/// </summary>
public sealed class VerifyAccountingTests(SignedReleases releases) : IClassFixture<SignedReleases>
{
    private readonly SignedReleases _r = releases;

    [Fact]
    public void NoiseScalesSmallerThanTheEpsilonImplies_AreInvalid_EvenResigned()
    {
        var dir = _r.Copy("r1");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "datapackage.json")))!;
        var privacy = manifest["privacy"]!;
        foreach (var t in privacy["tables"]!.AsArray())
        {
            t!["scale"] = "1/10";
        }

        foreach (var d in privacy["dropped"]!.AsArray())
        {
            d!["scale"] = "1/10";
        }

        File.WriteAllText(Path.Combine(dir, "datapackage.json"), manifest.ToJsonString());
        var lines = File.ReadAllLines(Path.Combine(dir, "measurements.csv"));
        File.WriteAllLines(Path.Combine(dir, "measurements.csv"), [lines[0], .. lines.Skip(1).Select(l => string.Join(',', l.Split(',').Select((f, i) => i == 4 ? "1/10" : f)))]);
        _r.Resign(dir);

        var report = ReleaseVerifier.Verify(dir, _r.PublicKey);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Reason.Contains("the accounting does not hold", StringComparison.Ordinal) && p.Reason.Contains("scale", StringComparison.Ordinal));
    }

    [Fact]
    public void AMeasurementThatContradictsTheTables_IsInvalid_EvenResigned()
    {
        var dir = _r.Copy("r1");
        var lines = File.ReadAllLines(Path.Combine(dir, "measurements.csv"));
        var fields = lines[1].Split(',');
        fields[3] = "999999";
        lines[1] = string.Join(",", fields);
        File.WriteAllLines(Path.Combine(dir, "measurements.csv"), lines);
        _r.Resign(dir);

        var report = ReleaseVerifier.Verify(dir, _r.PublicKey);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.File == fields[0] + ".csv" && p.Reason.Contains("is not the estimate of the release's own measurements", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUntouchedRelease_PassesTheAccounting()
    {
        Assert.True(ReleaseVerifier.Verify(_r.Copy("r2"), _r.PublicKey).IsValid);
    }
}
