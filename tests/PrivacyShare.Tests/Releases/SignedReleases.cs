using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Signing;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>
/// Three signed releases of one dataset (r1, r2, r3), with the budget raised from 10 to 12 (with a
/// reason) between r2 and r3, plus the same dataset's chain in another ledger (x1, x2), made once.
/// </summary>
public sealed class SignedReleases : IDisposable
{
    public SignedReleases()
    {
        Dir = new TempFolder();
        SigningKey.Create(Dir.File("key"), default, encrypt: false, overwrite: false);
        SigningKey.Create(Dir.File("other"), default, encrypt: false, overwrite: false);
        var input = Dir.File("in.csv");
        Synthesizer.Run(new SynthOptions { Rows = 2_000, Seed = 4, OutputPath = input });
        var spec = ReleaseSpec.Load(Specs.ExamplePath);
        using var key = SigningKey.Load(Dir.File("key.key"), TestKeys.NoPassphrase);
        foreach (var (ledger, names) in new[] { ("a.db", new[] { "r1", "r2", "r3" }), ("b.db", new[] { "x1", "x2" }) })
        {
            using (var l = BudgetLedger.Open(Dir.File(ledger), create: true))
            {
                l.SetBudget(spec.Dataset, new Rational(10, 1));
            }

            foreach (var name in names)
            {
                if (name == "r3")
                {
                    using var l = BudgetLedger.Open(Dir.File(ledger));
                    l.SetBudget(spec.Dataset, new Rational(12, 1), RaiseReason);
                }

                Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = Dir.File(name), LedgerPath = Dir.File(ledger), SigningKey = key });
            }
        }

        PublicKey = SigningPublicKey.Load(Dir.File("key.pub"));
        OtherPublicKey = SigningPublicKey.Load(Dir.File("other.pub"));
    }

    /// <summary>Why the budget was raised before r3.</summary>
    public const string RaiseReason = "the city council extended reporting to a third year (order 2010-17)";

    public TempFolder Dir { get; }

    public SigningPublicKey PublicKey { get; }

    public SigningPublicKey OtherPublicKey { get; }

    /// <summary>A fresh copy of a release folder, to tamper with.</summary>
    public string Copy(string name, string? to = null)
    {
        var target = Dir.File(to ?? $"{name}-copy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(Dir.File(name)))
        {
            File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }

        return target;
    }

    /// <summary>Makes a changed copy's manifest right again (every resource's bytes and hash) and signs it: only checks beyond hashes and signature can then see the change.</summary>
    public void Resign(string dir)
    {
        var manifest = Path.Combine(dir, "datapackage.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        foreach (var r in json["resources"]!.AsArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, (string)r!["path"]!));
            r["bytes"] = bytes.Length;
            r["hash"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        }

        File.WriteAllText(manifest, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Sign(dir);
    }

    /// <summary>Signs a copy's datapackage.json as it stands, with the releases' key.</summary>
    public void Sign(string dir)
    {
        var manifest = Path.Combine(dir, "datapackage.json");
        using var key = SigningKey.Load(Dir.File("key.key"), TestKeys.NoPassphrase);
        File.WriteAllText(manifest + ".minisig", key.Sign(File.ReadAllBytes(manifest), "timestamp:1\tfile:datapackage.json\thashed"));
    }

    public void Dispose() => Dir.Dispose();
}
