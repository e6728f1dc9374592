using System.Text;
using System.Text.Json.Nodes;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Verification;

/// <summary>One reading of every input: no key given twice, tables only in their canonical form, any exact decimal epsilon.</summary>
public sealed class StrictInputTests(SignedReleases releases) : IClassFixture<SignedReleases>, IDisposable
{
    private readonly SignedReleases _r = releases;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("\"epsilon\": 1,", "\"epsilon\": 1, \"epsilon\": 100,")]
    [InlineData("\"race\": [", "\"race\": [\"W\"], \"race\": [")]
    public void Spec_WithAKeyTwice_IsAnInputError(string once, string twice)
    {
        var text = File.ReadAllText(Specs.ExamplePath);
        Assert.Contains(once, text);
        var path = _dir.Write("spec.json", text.Replace(once, twice, StringComparison.Ordinal));

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.Contains("Duplicate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Manifest_WithAKeyTwice_DoesNotVerify()
    {
        var dir = _r.Copy("r2");
        var manifest = Path.Combine(dir, "datapackage.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"unit\": \"person\",", "\"unit\": \"person\", \"unit\": \"record\",", StringComparison.Ordinal));
        _r.Sign(dir);

        var report = ReleaseVerifier.Verify(dir, _r.PublicKey);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.File == "datapackage.json" && p.Reason.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CRLF")]
    [InlineData("BOM")]
    [InlineData("leading zero")]
    [InlineData("plus sign")]
    [InlineData("quoted integer")]
    public void Table_NotInCanonicalForm_DoesNotVerify_EvenWhenHashedAndSigned(string what)
    {
        var dir = _r.Copy("r2");
        var path = Path.Combine(dir, "removals_by_level.csv");
        var text = File.ReadAllText(path);
        var line = text.Split('\n')[1];
        var cells = line.Split(',');
        var edited = what switch
        {
            "CRLF" => text.Replace("\n", "\r\n", StringComparison.Ordinal),
            "BOM" => "\uFEFF" + text,
            "leading zero" => text.Replace(line, string.Join(',', cells.Select((c, i) => i == 3 ? "0" + c : c)), StringComparison.Ordinal),
            "plus sign" => text.Replace(line, string.Join(',', cells.Select((c, i) => i == 3 ? "+" + c : c)), StringComparison.Ordinal),
            _ => text.Replace(line, string.Join(',', cells.Select((c, i) => i == 3 ? $"\"{c}\"" : c)), StringComparison.Ordinal),
        };
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(edited));
        _r.Resign(dir);

        var report = ReleaseVerifier.Verify(dir, _r.PublicKey);

        Assert.False(report.IsValid, what);
        Assert.Contains(report.Problems, p => p.File == "removals_by_level.csv");
    }

    [Theory]
    [InlineData("0.3", "0.3", "0.15", "0.07", "0.82")]
    [InlineData("\"1/3\"", "\"1/6\"", "0.15", "\"1/7\"", "111/140")]
    public void AnyExactEpsilon_WorksEndToEnd(string a, string b, string c, string d, string total)
    {
        // 0.3 gives scales such as 160/3, "1/3" a table epsilon that is no decimal: written as exact
        // strings, read back exactly, by release, verify and query alike.
        var spec = Specs.Write(_dir, j =>
        {
            j["privacy"]!.AsObject().Remove("epsilon");
            foreach (var (t, e) in j["tables"]!.AsArray().Zip(new[] { a, b, c, d }))
            {
                t!.AsObject().Remove("weight");
                t["epsilon"] = JsonNode.Parse(e);
            }
        });
        var input = _dir.File("in.csv");
        Synthesizer.Run(new SynthOptions { Rows = 2_000, Seed = 5, OutputPath = input });
        using (var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true))
        {
            ledger.SetBudget("boston-secure-communities", Rational.One);
        }

        using var key = PrivacyShare.Signing.SigningKey.Load(_r.Dir.File("key.key"), TestKeys.NoPassphrase);
        var result = Releaser.Run(new ReleaseOptions { InputPath = input, Spec = ReleaseSpec.Load(spec), OutputDirectory = _dir.File("rel"), LedgerPath = _dir.File("l.db"), SigningKey = key });

        Assert.Equal(Rational.Parse(total), result.Epsilon);
        Assert.Contains(result.Tables, t => $"{t.Scale}{t.Epsilon}".Contains('/', StringComparison.Ordinal)); // 25/6, 750/7 or 1/3: not decimals
        var report = ReleaseVerifier.Verify(_dir.File("rel"), _r.PublicKey);
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Single(PublishedRelease.Load(_dir.File("rel")).Answer(ReleaseQuery.Total(Measure.Removals)).Rows);
    }
}
