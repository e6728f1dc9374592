using PrivacyShare.Releases;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Signing;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Verification;

public sealed class ReleaseVerifierTests(SignedReleases releases) : IClassFixture<SignedReleases>
{
    private readonly SignedReleases _r = releases;

    private VerificationReport Verify(string dir, string? previous = null) => ReleaseVerifier.Verify(dir, _r.PublicKey, previous);

    [Fact]
    public void SignedRelease_Verifies_AloneAndAgainstItsPredecessor()
    {
        var report = Verify(_r.Dir.File("r2"), _r.Dir.File("r1"));

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(2, report.Sequence);
        Assert.Contains("release:boston-secure-communities@2\tseq:2", report.TrustedComment);
    }

    [Fact]
    public void TamperMatrix_EveryByteOfTheManifest()
    {
        var dir = _r.Copy("r2");
        AssertEveryFlipFails(Path.Combine(dir, "datapackage.json"), dir, positions: null);
    }

    [Fact]
    public void TamperMatrix_EverySignedByteOfTheSignature()
    {
        // Line 1 is minisign's *untrusted* comment: by design no signature covers its text, so only its
        // "untrusted comment: " prefix is checked. Every other byte is covered.
        var dir = _r.Copy("r2");
        var path = Path.Combine(dir, "datapackage.json.minisig");
        var text = File.ReadAllText(path);
        var firstLineEnd = text.IndexOf('\n');
        var positions = Enumerable.Range(0, "untrusted comment: ".Length).Concat(Enumerable.Range(firstLineEnd, text.Length - firstLineEnd));
        AssertEveryFlipFails(path, dir, positions);
    }

    [Fact]
    public void TamperMatrix_ASampleOfEveryTableAndTheMethodology()
    {
        var dir = _r.Copy("r2");
        foreach (var file in new[] { "monthly.csv", "removals_by_level.csv", "district_by_race.csv", "by_ethnicity.csv", "measurements.csv", "METHODOLOGY.md", "report.html" })
        {
            var length = new FileInfo(Path.Combine(dir, file)).Length;
            AssertEveryFlipFails(Path.Combine(dir, file), dir, Enumerable.Range(0, 40).Select(i => (int)(i * (length - 1) / 39)).Distinct());
        }
    }

    [Theory]
    [InlineData("add")]
    [InlineData("remove")]
    [InlineData("rename")]
    public void Files_AddedRemovedOrRenamed_AreCaught(string change)
    {
        var dir = _r.Copy("r2");
        switch (change)
        {
            case "add":
                File.WriteAllText(Path.Combine(dir, "extra.csv"), "a\n1\n");
                break;
            case "remove":
                File.Delete(Path.Combine(dir, "district_by_race.csv"));
                break;
            default:
                File.Move(Path.Combine(dir, "district_by_race.csv"), Path.Combine(dir, "district_by_race2.csv"));
                break;
        }

        var report = Verify(dir);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.File.StartsWith(change == "add" ? "extra" : "district_by_race", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongPublicKey_Fails()
    {
        var report = ReleaseVerifier.Verify(_r.Dir.File("r2"), _r.OtherPublicKey);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.File == "datapackage.json.minisig" && p.Reason.Contains("not by key", StringComparison.Ordinal));
    }

    [Fact]
    public void ReleaseSignedByAnotherKey_Fails()
    {
        var dir = _r.Copy("r2");
        using var other = SigningKey.Load(_r.Dir.File("other.key"), TestKeys.NoPassphrase);
        File.WriteAllText(Path.Combine(dir, "datapackage.json.minisig"),
            other.Sign(File.ReadAllBytes(Path.Combine(dir, "datapackage.json")), "timestamp:1\tfile:datapackage.json\thashed\trelease:boston-secure-communities@2\tseq:2"));

        var report = Verify(dir);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.File == "datapackage.json.minisig" && p.Reason.Contains("not by key", StringComparison.Ordinal));
    }

    [Fact]
    public void PathLeavingTheFolder_IsCaught_EvenWhenSigned()
    {
        var dir = _r.Copy("r2");
        var manifest = Path.Combine(dir, "datapackage.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"path\": \"METHODOLOGY.md\"", "\"path\": \"../METHODOLOGY.md\""));
        using var key = SigningKey.Load(_r.Dir.File("key.key"), TestKeys.NoPassphrase);
        File.WriteAllText(manifest + ".minisig", key.Sign(File.ReadAllBytes(manifest), "timestamp:1\tfile:datapackage.json\thashed"));

        var report = Verify(dir);

        Assert.Contains(report.Problems, p => p.Reason.Contains("'../METHODOLOGY.md'", StringComparison.Ordinal));
    }

    // A signed release whose values break a promise: what a publisher's bug (or a publisher bending the
    // numbers) would produce. The hashes and signature are made right again, so only the value checks can see it.
    public static TheoryData<string, string, Func<string[], string[]>?, string> BrokenValues => new()
    {
        // Each measure's columns: value, lower, upper, noise_lower, noise_upper.
        { "negative value", "removals_by_level.csv", r => r[0] == "2" ? ["2", "-1", "0", r[3], "0", r[5]] : r, "is negative" },
        { "value outside its noise interval", "removals_by_level.csv", r => r[0] == "2" ? ["2", (long.Parse(r[5], Invariant) + 1).ToString(Invariant), r[2], r[3], r[4], r[5]] : r, "outside its noise interval" },
        { "noise interval beyond the interval", "removals_by_level.csv", r => r[0] == "2" ? ["2", r[1], r[2], r[3], r[4], (long.Parse(r[3], Invariant) + 1).ToString(Invariant)] : r, "is not inside its interval for the true count" },
        { "stage order", "monthly.csv", r => r[0] == "2009-01" ? [.. r[..6], (long.Parse(r[1], Invariant) + 1).ToString(Invariant), r[7], (long.Parse(r[1], Invariant) + 1000).ToString(Invariant), r[9], (long.Parse(r[1], Invariant) + 1000).ToString(Invariant)] : r, "exceeds arrests" },
        { "shared total", "district_by_race.csv", r => r[0] == "A1" && r[1] == "W" ? [r[0], r[1], (long.Parse(r[2], Invariant) + 1).ToString(Invariant), r[3], (long.Parse(r[4], Invariant) + 1).ToString(Invariant), r[5], (long.Parse(r[6], Invariant) + 1).ToString(Invariant)] : r, "tables must agree on every margin they share" },
    };

    [Theory]
    [MemberData(nameof(BrokenValues))]
    public void SignedRelease_WithBrokenValues_IsInvalid(string what, string file, Func<string[], string[]>? edit, string reason)
    {
        var dir = _r.Copy("r2");
        var path = Path.Combine(dir, file);
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Select(l => string.Join(',', edit!(l.Split(','))))]);
        _r.Resign(dir);

        var report = Verify(dir);

        Assert.False(report.IsValid, what);
        Assert.Contains(report.Problems, p => p.File == file && p.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Resigned_UnchangedValues_StillVerify()
    {
        // The control for the test above: re-signing alone breaks nothing.
        var dir = _r.Copy("r2");
        _r.Resign(dir);

        Assert.True(Verify(dir).IsValid);
    }

    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    [Fact]
    public void Chain_InOrder_Verifies()
    {
        var reports = ChainVerifier.VerifyGiven([_r.Dir.File("r1"), _r.Dir.File("r2"), _r.Dir.File("r3")], _r.PublicKey);

        Assert.All(reports, r => Assert.True(r.IsValid, string.Join("\n", r.Problems)));
    }

    [Fact]
    public void Chain_RemovedMiddleRelease_IsCaught()
    {
        var reports = ChainVerifier.VerifyGiven([_r.Dir.File("r1"), _r.Dir.File("r3")], _r.PublicKey);

        Assert.Contains(reports[1].Problems, p => p.Reason.Contains("a release is missing or was replaced", StringComparison.Ordinal));
        Assert.Contains(reports[1].Problems, p => p.Reason.Contains("has sequence 3, not 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Chain_ReplacedRelease_IsCaught()
    {
        // x2 is a valid, signed release 2 of the same dataset from another ledger: not the one published after r1.
        var reports = ChainVerifier.VerifyGiven([_r.Dir.File("r1"), _r.Dir.File("x2"), _r.Dir.File("r3")], _r.PublicKey);

        Assert.Contains(reports[1].Problems, p => p.Reason.Contains("a release is missing or was replaced", StringComparison.Ordinal));
        Assert.Contains(reports[2].Problems, p => p.Reason.Contains("a release is missing or was replaced", StringComparison.Ordinal));
    }

    [Fact]
    public void Chain_Reordered_IsCaught()
    {
        var reports = ChainVerifier.VerifyGiven([_r.Dir.File("r2"), _r.Dir.File("r1"), _r.Dir.File("r3")], _r.PublicKey);

        Assert.Contains(reports.SelectMany(r => r.Problems), p => p.Reason.Contains("out of order", StringComparison.Ordinal));
    }

    [Fact]
    public void Chain_FolderHoldingReleases_IsOrderedBySequence()
    {
        var holder = _r.Dir.File($"holder-{Guid.NewGuid():N}");
        Directory.CreateDirectory(holder);
        _r.Copy("r3", Path.GetFileName(holder) + "/a");
        _r.Copy("r1", Path.GetFileName(holder) + "/b");
        _r.Copy("r2", Path.GetFileName(holder) + "/c");

        var reports = ChainVerifier.VerifyGiven([holder], _r.PublicKey);

        Assert.Equal([1L, 2L, 3L], reports.Select(r => r.Sequence!.Value));
        Assert.All(reports, r => Assert.True(r.IsValid, string.Join("\n", r.Problems)));
    }

    [SkippableFact]
    public void Minisign_AcceptsTheRelease_AndPrivacyShareAcceptsMinisignsSignature()
    {
        var dir = _r.Copy("r2");
        var manifest = Path.Combine(dir, "datapackage.json");
        var verify = Processes.Run("minisign", null, "-Vm", manifest, "-p", _r.Dir.File("key.pub"));
        Tools.Require(verify is not null, "minisign");

        Assert.Equal(0, verify.Value.Code);

        // A signature made by minisign itself, with its default trusted comment.
        Assert.Equal(0, Processes.Run("minisign", null, "-G", "-W", "-p", _r.Dir.File($"{Path.GetFileName(dir)}.pub"), "-s", _r.Dir.File($"{Path.GetFileName(dir)}.key"))!.Value.Code);
        File.Delete(manifest + ".minisig");
        Assert.Equal(0, Processes.Run("minisign", null, "-Sm", manifest, "-s", _r.Dir.File($"{Path.GetFileName(dir)}.key"))!.Value.Code);

        var report = ReleaseVerifier.Verify(dir, SigningPublicKey.Load(_r.Dir.File($"{Path.GetFileName(dir)}.pub")));
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
    }

    private void AssertEveryFlipFails(string path, string dir, IEnumerable<int>? positions)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(Verify(dir).IsValid, "the copy must verify before tampering");
        var missed = new List<int>();
        foreach (var i in positions ?? Enumerable.Range(0, bytes.Length))
        {
            bytes[i] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            if (Verify(dir).IsValid)
            {
                missed.Add(i);
            }

            bytes[i] ^= 0x01;
        }

        File.WriteAllBytes(path, bytes);
        Assert.True(missed.Count == 0, $"{Path.GetFileName(path)}: flips at {string.Join(",", missed.Take(10))} went unnoticed");
    }
}
