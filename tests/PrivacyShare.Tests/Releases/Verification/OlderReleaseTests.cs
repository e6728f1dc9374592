using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Signing;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Verification;

/// <summary>
/// A release made by an earlier version stays valid and answerable: auditors verify releases published
/// years ago. The fixture (tests/PrivacyShare.Tests/Fixtures/README.md) was made by commit a5248cb,
/// before a one-shot release kept its left-out counts per arrest month: its manifest has no counted_per,
/// and its design must be read as it says, not by today's rule.
/// </summary>
public sealed class OlderReleaseTests
{
    private static string Folder => Path.Combine(RepoRoot.Path, "tests", "PrivacyShare.Tests", "Fixtures", "release-a5248cb");

    [Fact]
    public void AReleaseFromBeforePerMonthCounts_Verifies_AndAnswers()
    {
        var report = ReleaseVerifier.Verify(Folder, SigningPublicKey.Load(Folder + ".pub"));
        Assert.True(report.IsValid, string.Join("\n", report.Problems));

        var release = PublishedRelease.Load(Folder);
        Assert.All(release.Design.Dropped, d => Assert.Null(d.PeriodDimension)); // one count each, as it was published
        var total = release.Answer(ReleaseQuery.Total(Measure.Arrests)).Rows.Single();
        Assert.True(total.NoiseLower <= total.Estimate && total.Estimate <= total.Upper, total.ToString());
    }
}
