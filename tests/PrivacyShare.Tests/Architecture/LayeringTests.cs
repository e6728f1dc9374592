using System.Text.RegularExpressions;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Architecture;

/// <summary>The package split the README describes, held by the build's outputs and sources.</summary>
public sealed partial class LayeringTests
{
    [Fact]
    public void TheCoreLibrary_DoesNotDependOnBogus_OrOnTheCommandLine()
    {
        var references = typeof(PrivacyShare.Releases.Releaser).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Bogus", references);
        Assert.DoesNotContain("PrivacyShare.Synthetic", references);
        Assert.DoesNotContain("PrivacyShare.Cli", references);
        Assert.DoesNotContain("System.CommandLine", references);
        Assert.Contains("Bogus", typeof(PrivacyShare.Synthetic.Synthesizer).Assembly.GetReferencedAssemblies().Select(a => a.Name));
    }

    [Fact]
    public void LibraryMessages_NameNoCommandLineFlag()
    {
        // String literals only; the release's own documents (report, methodology) tell readers which
        // commands check it, and are exempt.
        var exempt = new[] { "ReleaseReport.cs", "Methodology.cs" };
        var offenders = new[] { "src/PrivacyShare", "src/PrivacyShare.Synthetic" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !exempt.Contains(Path.GetFileName(f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && Flag().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepoRoot.Path, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void TheLibrariesMakeExceptionsOnlyInThrow()
    {
        var offenders = new[] { "src/PrivacyShare", "src/PrivacyShare.Synthetic" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && Path.GetFileName(f) != "Throw.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => NewException().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepoRoot.Path, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex("new [A-Za-z.]*Exception\\(|Exception [A-Za-z]+\\([^)]*\\)\\s*=>\\s*new\\(")]
    private static partial Regex NewException();

    [GeneratedRegex("\"[^\"]*(^|[\\s(])--[a-z][a-z-]+")]
    private static partial Regex Flag();
}
