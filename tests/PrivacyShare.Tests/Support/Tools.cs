namespace PrivacyShare.Tests.Support;

/// <summary>
/// Outside tools a test needs (minisign, sqlite3, Node.js, chromium, script): present, or the test is
/// skipped, visibly, never passed silently. Under CI (PRIVACYSHARE_CI, set by .ci/run, which installs
/// them all) a missing tool is a failure.
/// </summary>
public static class Tools
{
    /// <summary>Returns when <paramref name="present"/>; else fails under CI, and skips the test elsewhere.</summary>
    public static void Require([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool present, string tool)
    {
        if (present)
        {
            return;
        }

        Assert.True(Environment.GetEnvironmentVariable("PRIVACYSHARE_CI") is null, $"{tool} is needed for this test; .ci/run installs it, so under CI its absence is a failure");
        throw new SkipException($"{tool} is not installed here (.ci/run installs it)");
    }
}
