using System.Text.Json.Nodes;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// A spec that plan accepts must release and verify: everything is validated before any data is read
/// or budget spent (../shared/repro/07: five specs plan accepted spent 2.5 epsilon for nothing usable).
/// Specs are built from the example by structured mutations (odd text, reserved and unusual names,
/// formula-like and narrowed domains, reordered levels, epsilons and bounds across the allowed range),
/// so that many pass plan; each accepted one is released, signed, on a fresh ledger and verified.
/// </summary>
public sealed class SpecFuzzTests : IDisposable
{
    private const int Specs = 60;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EverySpecPlanAccepts_ReleasesAndVerifies()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "1500", "--seed", "6", "--out", _dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted").ExitCode);
        var example = JsonNode.Parse(File.ReadAllText(Support.Specs.ExamplePath))!;
        var random = new Random(20261206);
        var failures = new List<string>();
        var accepted = 0;
        for (var i = 0; i < Specs; i++)
        {
            var spec = example.DeepClone();
            var mutations = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Mutations[random.Next(Mutations.Length)]).ToList();
            foreach (var mutate in mutations)
            {
                mutate(spec, random);
            }

            var path = _dir.File($"s{i}.json");
            File.WriteAllText(path, spec.ToJsonString());
            var plan = Support.Cli.Run("plan", "--spec", path);
            if (plan.ExitCode != 0)
            {
                if (plan.ExitCode is not (1 or 2))
                {
                    failures.Add($"spec {i}: plan exit {plan.ExitCode}: {plan.Error}");
                }

                continue;
            }

            accepted++;
            var dataset = (string)spec["dataset"]!;
            var ledger = _dir.File($"l{i}.db");
            Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", dataset, "--epsilon", "100", "--ledger", ledger).ExitCode);
            var release = Support.Cli.Run("release", "--in", _dir.File("in.csv"), "--spec", path, "--out", _dir.File($"r{i}"), "--ledger", ledger, "--signing-key", _dir.File("s.key"), "--quiet");
            if (release.ExitCode != 0)
            {
                failures.Add($"spec {i}: plan accepted it, release exit {release.ExitCode}: {release.Error.Split('\n')[0]} :: {spec.ToJsonString()}");
                continue;
            }

            var verify = Support.Cli.Run("verify", _dir.File($"r{i}"), "--pubkey", _dir.File("s.pub"));
            if (verify.ExitCode != 0)
            {
                failures.Add($"spec {i}: released, verify exit {verify.ExitCode}: {verify.Output.Split('\n')[0]} :: {spec.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(8)));
        Assert.True(accepted >= Specs / 4, $"only {accepted} of {Specs} specs passed plan: the mutations test too little");
    }

    private static readonly Action<JsonNode, Random>[] Mutations =
    [
        (s, r) => s["version"] = Pick(r, "2024-q1", "2024\nQ1", "2024\tQ1", "v 1", "1", "é-ü", new string('9', 70)),
        (s, r) => s["title"] = Pick(r, "<b>Title</b> & *markdown* [link](x)", "Title\nwith a break", "T", new string('t', 400), "|table|cell|"),
        (s, r) => s["publisher"] = Pick(r, "Police <Department>", "P\u2028Q", "# heading"),
        (s, r) => Table(s, r)["name"] = Pick(r, "measurements", "datapackage", "report", "x.y", "Monthly", "m-1", "a_b"),
        (s, r) => s["domains"]!["district"] = Values(r, "-", "=1", "+A", "@B", "A1", "77TH ST", "A/1", "A,1", "\"Q\"", " A", "A "),
        (s, r) => s["domains"]!["race"] = Values(r, "W", "B", "A", "I", "P", "U", "WHITE", "w"),
        (s, r) => s["domains"]!["offense_level"] = Values(r, "1", "2", "3", "3", "4"),
        (s, r) => s["privacy"]!["epsilon"] = Pick(r, "0.001", "0.01", "1/3", "5", "20", "100", "100.5", "0"),
        (s, r) => s["privacy"]!["max_records_per_person"] = int.Parse(Pick(r, "1", "2", "6", "50", "1000", "1001", "0"), System.Globalization.CultureInfo.InvariantCulture),
        (s, r) => Table(s, r)["weight"] = double.Parse(Pick(r, "0.0001", "1", "1000000", "2000000"), System.Globalization.CultureInfo.InvariantCulture),
        (s, r) => Table(s, r)["max_records_per_person"] = int.Parse(Pick(r, "1", "3", "1000"), System.Globalization.CultureInfo.InvariantCulture),
        (s, r) => s["tables"]!.AsArray().Add(JsonNode.Parse("""{ "name": "by_level", "dimensions": ["offense_level"], "measures": ["arrests", "detainers", "removals"] }""")),
        (s, r) => s["period"]!["to"] = Pick(r, "2008-10", "2009-01", "2012-12"),
    ];

    private static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    private static JsonArray Values(Random r, params string[] options) =>
        [.. options.Where(_ => r.Next(2) == 0).Distinct().Select(v => JsonValue.Create(v))];

    private static JsonNode Table(JsonNode s, Random r)
    {
        var tables = s["tables"]!.AsArray();
        return tables[r.Next(tables.Count)]!;
    }
}
