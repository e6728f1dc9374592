using PrivacyShare.Pseudonymization;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization.Vectors;

/// <summary>
/// The whole pseudonymized extract against an implementation outside PrivacyShare: the benchmark's
/// Python standard-library script (csv, unicodedata, hmac), run on clerk-typed synthetic data. Every
/// byte must agree: pseudonyms, normalization, dates, bands, ZIP3 and CSV quoting.
/// </summary>
public sealed class PythonReferenceTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Pseudonymize_SyntheticExtract_IsByteIdenticalToPythonReference()
    {
        var input = _dir.File("in.csv");
        Synthesizer.Run(new SynthOptions { Rows = 20_000, Seed = 17, OutputPath = input });
        var keyPath = TestKeys.WriteVectorKey(_dir);
        using (var key = PseudonymKey.Load(keyPath, TestKeys.NoPassphrase))
        {
            Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("ours.csv"), Key = key });
        }

        var script = Path.Combine(RepoRoot.Path, "tests", "PrivacyShare.Benchmarks", "reference", "pseudonymize.py");
        var python = Processes.Run("python3", null, script, keyPath, input, _dir.File("python.csv"));

        Assert.True(python is { Code: 0 }, $"python3 is needed for this test (.ci/run installs it): {python?.Output}");
        Assert.Equal(File.ReadAllBytes(_dir.File("python.csv")), File.ReadAllBytes(_dir.File("ours.csv")));
    }
}
