using System.Globalization;
using System.Text.Json.Nodes;
using nietras.SeparatedValues;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Releases;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>
/// The bound advisor (`plan --advise-bounds`, #20): a charged, noisy measurement of how many people have
/// how many records, and per table the bound whose intervals are expected narrowest. The test counts the
/// records per person itself (from a pseudonymized extract's person_id), never through the advisor.
/// </summary>
public sealed class BoundAdvisorTests : IDisposable
{
    private const string Dataset = "boston-secure-communities";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Ledger => _dir.File("l.db");

    // 29,000 synthetic arrests (the profile's heavy tail of repeat arrests), pseudonymized: person_id is
    // the identity a release counts by, and what the test counts records per person by.
    private string Extract()
    {
        var raw = _dir.File("raw.csv");
        Synthesizer.Run(new SynthOptions { Rows = 29_000, Seed = 11, OutputPath = raw });
        PseudonymKey.Create(_dir.File("k.key"), default, false, false);
        using var key = PseudonymKey.Load(_dir.File("k.key"), TestKeys.NoPassphrase);
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = raw, OutputPath = _dir.File("p.csv"), Key = key });
        return _dir.File("p.csv");
    }

    private void Budget(string epsilon)
    {
        using var ledger = BudgetLedger.Open(Ledger, create: true);
        ledger.SetBudget(Dataset, Rational.Parse(epsilon), "a test's budget");
    }

    private Rational Spent()
    {
        using var ledger = BudgetLedger.Open(Ledger);
        return ledger.Status(Dataset).Spent;
    }

    // Records per person among all arrests of the example spec's period, counted here.
    private static Dictionary<string, int> RecordsPerPerson(string extract)
    {
        using var reader = Sep.Reader().FromFile(extract);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in reader)
        {
            var month = row["arrest_month"].ToString();
            if (string.CompareOrdinal(month, "2008-10") >= 0 && string.CompareOrdinal(month, "2010-06") <= 0)
            {
                var id = row["person_id"].ToString();
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }

        return counts;
    }

    [Fact]
    public void TheMeasurement_IsChargedFirst_AndTheNextReleaseStatesIt()
    {
        var extract = Extract();
        Budget("2");

        var advice = BoundAdvisor.Advise(new BoundAdviceOptions { Spec = ReleaseSpec.Load(Specs.ExamplePath), InputPath = extract, LedgerPath = Ledger });

        Assert.Equal(new Rational(1, 50), advice.Epsilon);
        Assert.Equal(new Rational(1, 50), Spent());
        using (var ledger = BudgetLedger.Open(Ledger))
        {
            var entries = ledger.Entries();
            Assert.Equal(["budget", "reserve", "abandon"], entries.Select(e => e.Kind));
            Assert.StartsWith("(bound advice for boston.json", entries[1].Folder, StringComparison.Ordinal);
        }

        // The release after it states the charge among those that published nothing, and verifies.
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted").ExitCode);
        var run = Support.Cli.Run("release", "--in", extract, "--spec", Specs.ExamplePath, "--out", _dir.File("rel"), "--ledger", Ledger, "--signing-key", _dir.File("s.key"), "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);
        var manifest = JsonNode.Parse(File.ReadAllText(_dir.File("rel/datapackage.json")))!;
        var privacy = manifest.AsObject().First(p => p.Value is JsonObject o && o.ContainsKey("cumulative_epsilon")).Value!;
        Assert.Equal("1.02", privacy["cumulative_epsilon"]!.GetValue<string>());
        Assert.Equal("0.02", privacy["abandoned_epsilon"]!.GetValue<string>());
        Assert.Contains("advised the contribution bounds", File.ReadAllText(_dir.File("rel/METHODOLOGY.md")), StringComparison.Ordinal);
        var verify = Support.Cli.Run("verify", _dir.File("rel"), "--pubkey", _dir.File("s.pub"));
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    [Fact]
    public void NoExactCountIsShown()
    {
        // At epsilon 0.02 over one histogram a bin's noise is 0 with probability (1 - p) / (1 + p),
        // p = e^-0.02, about 0.01: all ten exact is about 1e-20.
        var extract = Extract();
        Budget("2");
        var exact = RecordsPerPerson(extract).Values.ToList();

        var advice = BoundAdvisor.Advise(new BoundAdviceOptions { Spec = ReleaseSpec.Load(Specs.ExamplePath), InputPath = extract, LedgerPath = Ledger });

        var arrests = advice.Measured.Single(m => m.Stages.Split('+').Length == 4);
        var shownEqualsExact = arrests.Bins.All(b => Math.Abs(b.People - exact.Count(n => n >= b.Low && n <= (b.High ?? int.MaxValue))) < 1e-9);
        Assert.False(shownEqualsExact);

        // About 19,000 people against a 95% noise of 150 per bin: worth following. 300 people: not, and it says so.
        // One histogram (the removals table refuses, so is not weighed): scale 1 / 0.02 = 50, and the
        // smallest h with P(X > h) = p^(h+1) / (1 + p) <= 0.025, p = e^(-1/50).
        var p = Math.Exp(-1.0 / 50);
        Assert.Equal(Enumerable.Range(0, 1000).First(h => Math.Pow(p, h + 1) / (1 + p) <= 0.025), advice.BinNoiseHalfWidth);
        Assert.False(advice.TooNoisy);
        var small = _dir.Write("small.csv", string.Join("\n", File.ReadLines(extract).Take(400)) + "\n");
        Assert.True(BoundAdvisor.Advise(new BoundAdviceOptions { Spec = ReleaseSpec.Load(Specs.ExamplePath), InputPath = small, LedgerPath = Ledger }).TooNoisy);

        var run = Support.Cli.Run("plan", "--spec", Specs.ExamplePath, "--in", extract, "--advise-bounds", "--ledger", Ledger);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("never exact", run.Output, StringComparison.Ordinal);
        Assert.Contains("removals_by_level: not weighed", run.Output, StringComparison.Ordinal);
        Assert.Equal(new Rational(3, 50), Spent());
    }

    [Fact]
    public void TheRecommendedBound_GivesIntervalsNearTheNarrowest_MeasuredAgainstTheExactCounts()
    {
        // At epsilon 50 a bin's noise is non-zero with probability below 1e-21: the advice is then the
        // one the data supports, and the test weighs it against the exact records left out.
        var extract = Extract();
        Budget("100");
        var perPerson = RecordsPerPerson(extract).Values.ToList();
        var spec = ReleaseSpec.Load(Specs.ExamplePath);

        var advice = BoundAdvisor.Advise(new BoundAdviceOptions { Spec = spec, InputPath = extract, LedgerPath = Ledger, Epsilon = new Rational(50, 1) });

        var monthly = advice.Tables.Single(t => t.Table == "monthly");
        double TrueWidth(int bound)
        {
            // The test's own spec with the bound, and its own count of the records beyond it.
            var json = JsonNode.Parse(File.ReadAllText(Specs.ExamplePath))!;
            json["tables"]![0]!["max_records_per_person"] = bound;
            var plan = ReleasePlan.For(ReleaseSpec.Parse(json.ToJsonString()));
            var half = plan.Tables[0].CellHalfWidths.Max();
            var allowance = plan.Tables[0].Dropped is { } name ? plan.Dropped.First(d => d.Name == name).Allowance : 0;
            return (2 * half) + allowance + perPerson.Sum(n => Math.Max(0, n - bound));
        }

        var weighed = monthly.Options.Select(o => o.Bound).ToList();
        var best = weighed.Min(TrueWidth);
        Assert.True(TrueWidth(monthly.Recommended!.Value) <= 1.05 * best,
            $"recommended {monthly.Recommended}: {TrueWidth(monthly.Recommended.Value):N0} wide against {best:N0} at the best bound weighed");
        Assert.Contains(monthly.SpecBound, weighed);
        Assert.Null(advice.Tables.Single(t => t.Table == "removals_by_level").Recommended);
    }

    [Fact]
    public void ACalendarsBounds_AreWeighedOverItsSpan_AndItsNextReleaseStatesTheCharge()
    {
        var spec = Path.Combine(RepoRoot.Path, "examples", "releases", "boston-calendar.json");
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted").ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-monthly", "--epsilon", "3", "--ledger", Ledger).ExitCode);
        foreach (var month in new[] { "2009-01", "2009-02" })
        {
            Assert.Equal(0, Support.Cli.Run("synth", "--rows", "5000", "--seed", "4", "--from", "2009-01", "--to", "2009-06", "--as-of", month, "--out", _dir.File($"raw-{month}.csv"), "--quiet").ExitCode);
            Assert.Equal(0, Support.Cli.Run("pseudonymize", "--in", _dir.File($"raw-{month}.csv"), "--key", _dir.File("k.key"), "--out", _dir.File($"p-{month}.csv"), "--quiet").ExitCode);
        }

        Assert.Equal(0, Support.Cli.Run("release", "--in", _dir.File("p-2009-01.csv"), "--spec", spec, "--period", "2009-01", "--out", _dir.File("c1"), "--ledger", Ledger, "--signing-key", _dir.File("s.key"), "--quiet").ExitCode);
        var advice = Support.Cli.Run("plan", "--spec", spec, "--in", _dir.File("p-2009-01.csv"), "--advise-bounds", "--ledger", Ledger, "--json");
        Assert.True(advice.ExitCode == 0, advice.Error);
        var json = JsonNode.Parse(advice.Output)!;
        Assert.True(json["calendar"]!.GetValue<bool>());
        Assert.Contains(json["tables"]!.AsArray(), t => t!["table"]!.GetValue<string>() == "monthly" && t["recommended"] is not null);

        var second = Support.Cli.Run("release", "--in", _dir.File("p-2009-02.csv"), "--spec", spec, "--period", "2009-02", "--out", _dir.File("c2"), "--ledger", Ledger, "--signing-key", _dir.File("s.key"), "--quiet");
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("\"abandoned_epsilon\": \"0.02\"", File.ReadAllText(_dir.File("c2/datapackage.json")), StringComparison.Ordinal);
        var chain = Support.Cli.Run("verify-chain", "--pubkey", _dir.File("s.pub"), _dir.File("c1"), _dir.File("c2"));
        Assert.True(chain.ExitCode == 0, chain.Output + chain.Error);
        Assert.Equal(0, Support.Cli.Run("ledger", "verify", "--ledger", Ledger, "--release", _dir.File("c1"), "--release", _dir.File("c2")).ExitCode);
    }

    [Fact]
    public void NothingIsSpent_WhenTheInputIsBad_OrTheBudgetShort()
    {
        var extract = Extract();
        Budget("0.01");
        var e = Assert.Throws<RefusedException>(() => BoundAdvisor.Advise(new BoundAdviceOptions { Spec = ReleaseSpec.Load(Specs.ExamplePath), InputPath = extract, LedgerPath = Ledger }));
        Assert.Contains("the bound advice (plan's measurement of records per person) needs epsilon 0.02", e.Message, StringComparison.Ordinal);
        Assert.Equal(Rational.Zero, Spent());

        Budget("2");
        var bad = _dir.Write("bad.csv", File.ReadAllText(extract).Replace(",M,", ",Q,", StringComparison.Ordinal));
        Assert.Throws<InputException>(() => BoundAdvisor.Advise(new BoundAdviceOptions { Spec = ReleaseSpec.Load(Specs.ExamplePath), InputPath = bad, LedgerPath = Ledger }));
        Assert.Equal(Rational.Zero, Spent());

        Assert.Equal(1, Support.Cli.Run("plan", "--spec", Specs.ExamplePath, "--advise-bounds").ExitCode);
        Assert.Equal(1, Support.Cli.Run("plan", "--spec", Specs.ExamplePath, "--in", extract).ExitCode);
        Assert.Equal(Rational.Zero, Spent());
    }
}
