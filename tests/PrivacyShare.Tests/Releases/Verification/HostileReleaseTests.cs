using System.Diagnostics;
using System.Text;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Verification;

/// <summary>
/// verify on folders made to hurt it: it names the file and the reason, within bounded time and memory,
/// and never throws anything but an input error.
/// </summary>
public sealed class HostileReleaseTests(SignedReleases releases) : IClassFixture<SignedReleases>
{
    private readonly SignedReleases _r = releases;

    private VerificationReport Verify(string dir) => ReleaseVerifier.Verify(dir, _r.PublicKey);

    public static TheoryData<string, string> NonRegular => new()
    {
        { "symlink inside", "monthly.csv" },
        { "symlink outside", "district_by_race.csv" },
        { "dev zero", "measurements.csv" },
        { "fifo", "report.html" },
        { "manifest symlink", "datapackage.json" },
    };

    [Theory]
    [MemberData(nameof(NonRegular))]
    public void NonRegularFiles_AreRejected_WithoutHangingOrReadingThem(string what, string file)
    {
        var dir = _r.Copy("r2");
        var path = Path.Combine(dir, file);
        var copy = Path.Combine(_r.Dir.Path, $"outside-{Guid.NewGuid():N}");
        File.Copy(path, copy);
        File.Delete(path);
        switch (what)
        {
            case "symlink inside":
                File.Move(copy, Path.Combine(dir, ".hidden-copy"));
                File.CreateSymbolicLink(path, ".hidden-copy");
                break;
            case "dev zero":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "fifo":
                Assert.Equal(0, Processes.Run("mkfifo", null, path)!.Value.Code);
                break;
            default:
                File.CreateSymbolicLink(path, copy);
                break;
        }

        var clock = Stopwatch.StartNew();
        var report = Verify(dir);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{what}: took {clock.Elapsed}");
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.File == file && (p.Reason.Contains("symbolic link", StringComparison.Ordinal) || p.Reason.Contains("not a regular file", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string, string> TypeConfused => new()
    {
        { "bytes as a string", "\"bytes\": ", "the value at $.resources[0].bytes (line " },
        { "sequence as a string", "\"sequence\": ", "sequence" },
        { "epsilon zero", "\"epsilon\": \"", "zero or negative" },
    };

    [Theory]
    [MemberData(nameof(TypeConfused))]
    public void TypeConfusedManifest_SignedEvenSo_IsInvalid_NotACrash(string what, string field, string reason)
    {
        var dir = _r.Copy("r2");
        var manifest = Path.Combine(dir, "datapackage.json");
        var text = File.ReadAllText(manifest);
        var at = what == "epsilon zero" ? text.LastIndexOf(field, StringComparison.Ordinal) : text.IndexOf(field, StringComparison.Ordinal);
        var end = text.IndexOfAny([',', '\n'], at + field.Length);
        var value = text[(at + field.Length)..end];
        var changed = what == "epsilon zero" ? "\"epsilon\": \"0\"" : $"{field}\"{value}\"";
        File.WriteAllText(manifest, text[..at] + changed + text[end..]);
        _r.Sign(dir);

        var report = Verify(dir);

        Assert.False(report.IsValid, what);
        Assert.Contains(report.Problems, p => p.Reason.Contains(reason, StringComparison.Ordinal) || p.Reason.Contains("seq:", StringComparison.Ordinal));
    }

    [Fact]
    public void Fuzz_MutatedManifestsSignaturesAndTables_AreNeverValid_AndNeverCrash()
    {
        // Thousands of mutations of a real signed release: byte flips, insertions and deletions in the
        // manifest, the signature and a table; structural JSON edits of the manifest. Only the unmodified
        // folder may verify; every other outcome is a report, never an exception, in bounded time.
        var original = _r.Copy("r2");
        Assert.True(Verify(original).IsValid);
        string[] files = ["datapackage.json", "datapackage.json.minisig", "monthly.csv", "measurements.csv"];
        var contents = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(original, f)));
        var random = new Random(20261202);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        for (; cases < 3000; cases++)
        {
            var file = files[random.Next(files.Length)];
            var bytes = Mutate(contents[file], random, file == "datapackage.json");
            if (bytes.AsSpan().SequenceEqual(contents[file]))
            {
                continue;
            }

            File.WriteAllBytes(Path.Combine(original, file), bytes);
            VerificationReport report;
            try
            {
                report = Verify(original);
            }
            catch (InputException)
            {
                continue;
            }
            finally
            {
                File.WriteAllBytes(Path.Combine(original, file), contents[file]);
            }

            // minisign's first line is its untrusted comment, which by design nothing signs; a change
            // that leaves the signed lines (signature, trusted comment, global signature) as they were is no change.
            if (report.IsValid && file.EndsWith(".minisig", StringComparison.Ordinal) && SignedLines(bytes).SequenceEqual(SignedLines(contents[file])))
            {
                continue;
            }

            Assert.False(report.IsValid, $"case {cases}: a change to {file} verified");
        }

        Assert.True(Verify(original).IsValid);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{cases} cases took {clock.Elapsed}");
    }

    private static string[] SignedLines(byte[] minisig) =>
        [.. Encoding.UTF8.GetString(minisig).Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static byte[] Mutate(byte[] bytes, Random random, bool json)
    {
        var list = bytes.ToList();
        switch (random.Next(json ? 6 : 3))
        {
            case 0:
                var i = random.Next(list.Count);
                list[i] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                list.RemoveRange(random.Next(list.Count), Math.Min(random.Next(1, 8), list.Count / 2));
                break;
            case 2:
                list.InsertRange(random.Next(list.Count), Enumerable.Range(0, random.Next(1, 4)).Select(_ => (byte)random.Next(256)));
                break;
            default:
                // Structural: replace one JSON value (a number, string, true/false/null) by another kind.
                var text = Encoding.UTF8.GetString(bytes);
                var colon = text.IndexOf(": ", random.Next(text.Length), StringComparison.Ordinal);
                if (colon < 0)
                {
                    return bytes;
                }

                var end = text.IndexOfAny([',', '\n', '}', ']'], colon + 2);
                string[] values = ["\"3252\"", "-1", "1e309", "null", "true", "[]", "{}", "\"1/0\"", "\"../x\"", "99999999999999999999"];
                return Encoding.UTF8.GetBytes(text[..(colon + 2)] + values[random.Next(values.Length)] + text[end..]);
        }

        return [.. list];
    }
}
