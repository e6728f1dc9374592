using System.Text.Json.Nodes;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Verification;

/// <summary>The budget's changes, the per-period charges and the ledger-wide numbering, as manifests state them and verification checks them.</summary>
public sealed class BudgetHistoryTests(SignedReleases releases) : IClassFixture<SignedReleases>
{
    private static JsonNode Manifest(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "datapackage.json")))!;

    private static void Edit(string dir, Action<JsonNode> change)
    {
        var path = Path.Combine(dir, "datapackage.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        change(json["privacy"]!);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Fact]
    public void ARaise_IsInTheNextManifest_WithItsReason_AndVerifyChainStatesIt()
    {
        var r1 = Manifest(releases.Dir.File("r1"))["privacy"]!;
        var r3 = Manifest(releases.Dir.File("r3"))["privacy"]!;

        var set = Assert.Single(r1["budget_history"]!.AsArray())!;
        Assert.Null(set["from"]);
        Assert.Equal("10", (string?)set["to"]);
        var raise = Assert.Single(r3["budget_history"]!.AsArray())!;
        Assert.Equal(("10", "12", SignedReleases.RaiseReason), ((string?)raise["from"], (string?)raise["to"], (string?)raise["reason"]));
        Assert.Empty(Manifest(releases.Dir.File("r2"))["privacy"]!["budget_history"]!.AsArray());
        Assert.Equal([1L, 2L, 3L], new[] { "r1", "r2", "r3" }.Select(r => (long)Manifest(releases.Dir.File(r))["privacy"]!["ledger_sequence"]!));

        var run = Support.Cli.Run("verify-chain", "--pubkey", releases.Dir.File("key.pub"), releases.Dir.File("r1"), releases.Dir.File("r2"), releases.Dir.File("r3"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("note: budget set to epsilon 10 at ", run.Output);
        Assert.Contains($"note: budget RAISED from epsilon 10 to 12 at ", run.Output);
        Assert.Contains($"because: {SignedReleases.RaiseReason}", run.Output);
        var methodology = File.ReadAllText(releases.Dir.File("r3/METHODOLOGY.md"));
        Assert.Contains("The budget was raised from epsilon 10 to 12 on ", methodology);
        Assert.Contains("A raise loosens the protection", methodology);
        Assert.Contains("A raise loosens the protection", File.ReadAllText(releases.Dir.File("r3/report.html")));
    }

    [Fact]
    public void ABudgetChangedWithoutTheLedgersRecord_BreaksTheChain()
    {
        var r3 = releases.Copy("r3");
        Edit(r3, p => p["budget_history"] = new JsonArray());
        releases.Resign(r3);

        var report = ChainVerifier.Verify([releases.Dir.File("r1"), releases.Dir.File("r2"), r3], releases.PublicKey, inGivenOrder: true);

        Assert.True(report[0].IsValid && report[1].IsValid);
        Assert.Contains(report[2].Problems, p => p.Reason.Contains("has a budget of 12, the previous release 10, but it states no budget change", StringComparison.Ordinal));
    }

    [Fact]
    public void ARaiseWithoutAReason_IsAProblem()
    {
        var r3 = releases.Copy("r3");
        Edit(r3, p => p["budget_history"]![0]!.AsObject().Remove("reason"));
        releases.Resign(r3);

        var report = ReleaseVerifier.Verify(r3, releases.PublicKey);

        Assert.Contains(report.Problems, p => p.Reason.Contains("was raised from 10 to 12", StringComparison.Ordinal) && p.Reason.Contains("without a reason", StringComparison.Ordinal));
    }

    [Fact]
    public void PeriodChargesThatDoNotAddUp_AreFound_AloneAndAlongTheChain()
    {
        var r2 = releases.Copy("r2");
        Edit(r2, p => p["period_charges"]!["every"] = "1.5");
        releases.Resign(r2);

        var alone = ReleaseVerifier.Verify(r2, releases.PublicKey);
        var chain = ChainVerifier.Verify([releases.Dir.File("r1"), r2], releases.PublicKey, inGivenOrder: true);

        Assert.Contains(alone.Problems, p => p.Reason.Contains("states cumulative epsilon 2, but its period charges give a person-level epsilon of 1.5", StringComparison.Ordinal));
        Assert.Contains(chain[1].Problems, p => p.Reason.Contains("states period charges 1.5 on every period, but the previous release's (1 on every period)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ledger_key", "0123456789abcdef", "the ledger was replaced or started afresh")]
    [InlineData("ledger_sequence", "1", "ledger-wide numbers only grow, so the ledger was cut back or started afresh")]
    public void ALedgerStartedAfresh_Shows(string field, string value, string expected)
    {
        var r2 = releases.Copy("r2");
        Edit(r2, p => p[field] = field == "ledger_sequence" ? JsonValue.Create(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(value));
        releases.Resign(r2);

        var chain = ChainVerifier.Verify([releases.Dir.File("r1"), r2], releases.PublicKey, inGivenOrder: true);

        Assert.Contains(chain[1].Problems, p => p.Reason.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ADatasetWhoseFirstReleaseFollowsOthersInItsLedger_IsNoted()
    {
        var privacy = new ManifestPrivacy
        {
            Sequence = 1,
            LedgerSequence = 4,
            LedgerKey = "0123456789abcdef",
            Epsilon = PrivacyShare.Privacy.Rational.One,
            CumulativeEpsilon = PrivacyShare.Privacy.Rational.One,
            Budget = PrivacyShare.Privacy.Rational.One,
            Periods = new ManifestPeriods { From = "2009-01", To = "2009-12" },
            ChargedTo = "every",
            PeriodCharges = new ManifestPeriodCharges { Every = PrivacyShare.Privacy.Rational.One, Months = [] },
            Abandoned = [],
        };
        var problems = new List<string>();

        var notes = PeriodAccounting.Check(privacy, (_, reason) => problems.Add(reason)).ToList();

        Assert.Empty(problems);
        Assert.Contains(notes, n => n.StartsWith("this dataset's first release is release 4 of its ledger: the ledger charged 3 release(s) of other datasets before it", StringComparison.Ordinal));
    }
}
