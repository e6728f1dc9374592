using System.Text.Json;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>Every command that reports something has --json; each shape (docs/json.md) parsed here.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string[] Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Pseudonymize_Release_Verify_VerifyChain_PrintTheirDocumentedJson()
    {
        var ledger = _dir.File("l.db");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "2000", "--seed", "3", "--out", _dir.File("a.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted").ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "3", "--ledger", ledger).ExitCode);

        var pseudonymize = Support.Cli.Run("pseudonymize", "--in", _dir.File("a.csv"), "--key", _dir.File("k.key"), "--out", _dir.File("p.csv"), "--json");
        var release = Support.Cli.Run("release", "--in", _dir.File("p.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("r1"), "--ledger", ledger, "--signing-key", _dir.File("s.key"), "--json");
        Assert.Equal(0, Support.Cli.Run("release", "--in", _dir.File("p.csv"), "--spec", Specs.ExamplePath, "--out", _dir.File("r2"), "--ledger", ledger, "--signing-key", _dir.File("s.key")).ExitCode);
        var verify = Support.Cli.Run("verify", _dir.File("r2"), "--pubkey", _dir.File("s.pub"), "--previous", _dir.File("r1"), "--json");
        var chain = Support.Cli.Run("verify-chain", "--pubkey", _dir.File("s.pub"), _dir.File("r1"), _dir.File("r2"), "--json");

        Assert.Equal(0, pseudonymize.ExitCode);
        Assert.Equal("", pseudonymize.Error); // the summary goes into the JSON, not to stderr
        var p = JsonDocument.Parse(pseudonymize.Output).RootElement;
        Assert.Equal(["output", "key_id", "records_read", "records_written", "columns", "risk"], Keys(p));
        Assert.Equal(2000, p.GetProperty("records_read").GetInt64());
        Assert.Equal("privacyshare-risk/1", p.GetProperty("risk").GetProperty("format").GetString());

        Assert.Equal(0, release.ExitCode);
        var r = JsonDocument.Parse(release.Output).RootElement;
        Assert.Equal(["directory", "version", "sequence", "cumulative_epsilon", "budget", "ledger", "manifest_sha256", "signed_by", "dataset", "epsilon", "confidence", "dropped_share", "dropped_share_auto", "tables", "dropped"], Keys(r));
        Assert.Equal(1, r.GetProperty("sequence").GetInt64());
        Assert.Equal(4, r.GetProperty("tables").GetArrayLength());
        Assert.Contains("left out by a contribution bound", release.Error); // the operator's exact figures stay on stderr

        Assert.Equal(0, verify.ExitCode);
        var v = JsonDocument.Parse(verify.Output).RootElement;
        Assert.Equal(JsonValueKind.Array, v.ValueKind);
        Assert.True(v[0].GetProperty("valid").GetBoolean());
        Assert.Equal(2, v[0].GetProperty("sequence").GetInt64());
        Assert.Equal(0, chain.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(chain.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public void NoiseAccuracy_Json_GivesExactFigures()
    {
        var laplace = Support.Cli.Run("noise", "--mechanism", "discrete-laplace", "--scale", "1", "--accuracy", "--json");
        var gaussian = Support.Cli.Run("noise", "--mechanism", "discrete-gaussian", "--scale", "2", "--accuracy", "--json");
        var samples = Support.Cli.Run("noise", "--mechanism", "discrete-laplace", "--scale", "1", "--count", "3", "--json");

        var l = JsonDocument.Parse(laplace.Output).RootElement;
        Assert.Equal(["mechanism", "scale", "alpha", "half_width", "variance", "epsilon_per_unit_l1"], Keys(l));
        Assert.Equal(3, l.GetProperty("half_width").GetInt64()); // as the README's text example
        Assert.Equal("1", l.GetProperty("epsilon_per_unit_l1").GetString());
        Assert.True(JsonDocument.Parse(gaussian.Output).RootElement.TryGetProperty("rho_per_unit_l2", out _));
        Assert.Equal(1, samples.ExitCode);
        Assert.Contains("--json goes with --accuracy", samples.Error);
    }
}
