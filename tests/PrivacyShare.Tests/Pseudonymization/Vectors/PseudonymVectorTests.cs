using PrivacyShare.Pseudonymization;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization.Vectors;

/// <summary>
/// Pseudonyms checked against values computed outside PrivacyShare, with Python's hmac module:
/// <c>hmac.new(key, domain.encode() + b"\x00" + value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]</c>
/// for the key 00 01 ... 1f; the person_id/12345678A vector was also confirmed with
/// <c>printf 'person_id\00012345678A' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0001...1f</c>;
/// and a whole extract against the Python reference script.
/// </summary>
public sealed class PseudonymVectorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("booking_id", "08-00000001", "d0c7872b864cc4f75b501be89e7833c5")]
    [InlineData("person_id", "12345678A", "0a36dd2a4f0dc6ba250fcb9e36d4aa5b")]
    [InlineData("person_id", "GARCIA LOPEZ\u001fJOSE\u001f1985-05-28", "ad9cc96b10fc88a707e4da77bd428890")]
    [InlineData("person_id", "NGUY\u1EC4N\u001fTH\u1ECA\u001f1990-01-02", "3b3fa95bdd18df695218d4a07be54b78")]
    [InlineData("person_id", "GARCIA JOSE LOPEZ\u001f1985-05-28", "b31e0ee3148837c17af7a94cf542da55")] // also: printf 'person_id\000GARCIA JOSE LOPEZ\0371985-05-28' | openssl dgst ...
    public void Hasher_MatchesPythonHmac(string domain, string normalized, string expected)
    {
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        Assert.Equal(expected, new PseudonymHasher(key, domain).Compute(normalized));
    }

    [Fact]
    public void KeyId_IsFirst8BytesOfSha256_AsPythonComputesIt()
    {
        // hashlib.sha256(bytes(range(32))).hexdigest()[:16]
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        Assert.Equal("630dcd2966c43366", key.Id);
    }

    [Fact]
    public void Pseudonymize_WholePipeline_MatchesPythonHmac()
    {
        // Typed as clerks type: lower case, stray spaces, US date; fbi_number empty, so the identity
        // is the linkage's fallback key (docs/identity.md): the name's words sorted, 0x1F, the birth
        // date: GARCIA JOSE LOPEZ 0x1F 1985-05-28.
        var row = Extracts.RowWith("fbi_number", "")
            .Replace(",GARCIA,JOSE,1985-05-28,", ",\"  garcia   lopez \", jose ,5/28/1985,");
        var input = _dir.Write("in.csv", Extracts.Csv(row, Extracts.RowWith("fbi_number", "12345678A")));
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);

        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("out.csv"), Key = key });

        var lines = File.ReadAllLines(_dir.File("out.csv"));
        Assert.StartsWith("b31e0ee3148837c17af7a94cf542da55,d0c7872b864cc4f75b501be89e7833c5,", lines[1]);
        Assert.StartsWith("0a36dd2a4f0dc6ba250fcb9e36d4aa5b,d0c7872b864cc4f75b501be89e7833c5,", lines[2]);
    }

    [Fact]
    public void Pseudonymize_SyntheticExtract_IsByteIdenticalToPythonReference()
    {
        // The benchmark's Python standard-library script (csv, unicodedata, hmac) is an implementation
        // outside PrivacyShare; on clerk-typed synthetic data every byte must agree: pseudonyms,
        // normalization, dates, bands, ZIP3 and CSV quoting.
        var input = _dir.File("synth.csv");
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
