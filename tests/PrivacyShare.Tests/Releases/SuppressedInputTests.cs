using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>
/// k-suppression before a release breaks the guarantee (../shared/repro/02_mink.sh: one person with one
/// record moved the release input by 5 records), so pseudonymize marks suppressed output and a release
/// refuses it before anything is read or spent.
/// </summary>
public sealed class SuppressedInputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SuppressedOutput_IsMarked_AndReleaseRefusesIt_ButNotUnsuppressedOutput()
    {
        var input = _dir.File("s.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 2_000, Seed = 3, OutputPath = input });
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
        var suppressed = Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("k.csv"), Key = key, MinK = 5 });
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("plain.csv"), Key = key });
        var spec = ReleaseSpec.Load(Specs.ExamplePath);

        Assert.Equal(ArrestSchema.MinKSuppressed, suppressed.OutputColumns[^1]);
        Assert.All(File.ReadLines(_dir.File("k.csv")).Skip(1), l => Assert.EndsWith(",5", l));
        var e = Assert.Throws<InputException>(() => ReleaseCounter.Count(spec.Design, _dir.File("k.csv")));
        Assert.Equal(ArrestSchema.MinKSuppressed, e.Column);
        Assert.Equal(1, e.Line);
        Assert.Contains("Suppression depends on other people's records", e.Message);
        Assert.True(ReleaseCounter.Count(spec.Design, _dir.File("plain.csv")).RecordsUsed > 0);
    }
}
