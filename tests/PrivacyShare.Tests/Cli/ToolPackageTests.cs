using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// The README's install path, as a user takes it: dotnet pack, dotnet tool install from a local folder
/// feed (no registry), then the installed privacyshare runs --version and the demo.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PackedTool_Installs_AndRunsVersionAndDemo()
    {
        // The tests run from the CLI's build of the same configuration; pack it without building again.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var feed = _dir.File("feed");
        var tools = _dir.File("tools");

        // A version of its own, so that no package NuGet cached from an earlier run can stand in for this build.
        var packageVersion = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var pack = Processes.Run("dotnet", null, "pack", Path.Combine(RepoRoot.Path, "src", "PrivacyShare.Cli"), "-c", configuration, "--no-build", "-o", feed, "--nologo", "-v", "q", $"-p:PackageVersion={packageVersion}");
        Assert.True(pack is { Code: 0 }, pack?.Output);
        var install = Processes.Run("dotnet", null, "tool", "install", "--tool-path", tools, "--add-source", feed, "--version", packageVersion, "PrivacyShare.Cli");
        Assert.True(install is { Code: 0 }, install?.Output);

        var privacyshare = Path.Combine(tools, "privacyshare");
        var version = Processes.Run(privacyshare, null, "--version");
        var demo = Processes.Run(privacyshare, null, "demo", "--dir", _dir.File("demo"), "--rows", "2000");

        Assert.True(version is { Code: 0 }, version?.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", version!.Value.Output);
        Assert.True(demo is { Code: 0 }, demo?.Output);
        Assert.Contains(Path.Combine(_dir.File("demo"), "release-1", "report.html"), demo!.Value.Output);
        Assert.True(File.Exists(Path.Combine(_dir.File("demo"), "release-1", "report.html")));
    }
}
