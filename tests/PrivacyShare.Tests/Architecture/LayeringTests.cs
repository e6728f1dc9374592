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
    public void EveryShippedAssembly_IsBuiltWithTheTrimmingAndAotAnalyzers()
    {
        // IsAotCompatible turns the analyzers on (their warnings are errors here) and marks the assembly.
        foreach (var assembly in new[] { typeof(PrivacyShare.Releases.Releaser).Assembly, typeof(PrivacyShare.Synthetic.Synthesizer).Assembly, typeof(PrivacyShare.Cli.CliApp).Assembly })
        {
            var metadata = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>();

            Assert.Contains(metadata, m => m.Key == "IsAotCompatible" && m.Value == "True");
        }
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

    [Fact]
    public void TheLibrarysFolders_DependOnEachOther_WithoutACycle()
    {
        var graph = NamespaceGraph.Of(typeof(PrivacyShare.Releases.Releaser).Assembly);
        var cycle = graph.Cycle();

        Assert.True(cycle is null, $"a namespace cycle: {string.Join(" -> ", cycle ?? [])} -> {cycle?[0]}\n" +
            string.Join("\n", graph.Uses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value.Where(graph.Uses.ContainsKey).Order(StringComparer.Ordinal))}")));
    }

    [Fact]
    public void TheReleasePipeline_DependsOnlyOnTheStagesBeforeIt()
    {
        // The pipeline as folders: Design is computed from a spec, Counting and Publishing follow it,
        // Manifest is the release folder's typed form, Querying and Verification read a release back.
        // The entry points (Releaser, ReleaseSpec) sit in PrivacyShare.Releases itself, above them all.
        var allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Estimation"] = [],
            ["Design"] = ["Estimation"],
            ["Counting"] = ["Design"],
            ["Manifest"] = ["Design"],
            ["Publishing"] = ["Design", "Estimation", "Manifest", "Counting"],
            ["Querying"] = ["Design", "Estimation", "Manifest"],
            ["Verification"] = ["Design", "Estimation", "Manifest", "Querying"],
        };
        var graph = NamespaceGraph.Of(typeof(PrivacyShare.Releases.Releaser).Assembly);
        const string Releases = "PrivacyShare.Releases";
        var stages = graph.Uses.Keys.Where(n => n.StartsWith(Releases + ".", StringComparison.Ordinal)).Select(n => n[(Releases.Length + 1)..]).ToList();

        Assert.Equal(allowed.Keys.Order(StringComparer.Ordinal), stages.Order(StringComparer.Ordinal));
        var wrong = stages.SelectMany(stage => graph.Uses[$"{Releases}.{stage}"]
                .Where(n => n == Releases || n.StartsWith(Releases + ".", StringComparison.Ordinal))
                .Select(n => n == Releases ? "(the entry points)" : n[(Releases.Length + 1)..])
                .Where(used => !allowed[stage].Contains(used))
                .Select(used => $"{stage} uses {used}"))
            .ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void TheInternals_UseNothingAboveThem()
    {
        // Internals (CSV, files, the throw helper) are the floor every folder stands on, as Sep keeps
        // its Internals/: they may use each other and the exception types, nothing of the pipeline.
        var graph = NamespaceGraph.Of(typeof(PrivacyShare.Releases.Releaser).Assembly);
        var internals = graph.Uses.Keys.Where(n => n.StartsWith("PrivacyShare.Internals", StringComparison.Ordinal)).ToList();

        Assert.Equal(["PrivacyShare.Internals", "PrivacyShare.Internals.Csv", "PrivacyShare.Internals.IO"], internals.Order(StringComparer.Ordinal));
        var above = internals.SelectMany(n => graph.Uses[n].Where(used => used.StartsWith("PrivacyShare.", StringComparison.Ordinal) && !used.StartsWith("PrivacyShare.Internals", StringComparison.Ordinal)).Select(used => $"{n} uses {used}")).ToList();
        Assert.Empty(above);
    }

    [Fact]
    public void TheEstimator_IsPureMath_WithNoFileOrNetworkIO()
    {
        var uses = NamespaceGraph.Of(typeof(PrivacyShare.Releases.Releaser).Assembly).Uses["PrivacyShare.Releases.Estimation"];

        Assert.DoesNotContain(uses, n => n.StartsWith("System.IO", StringComparison.Ordinal) || n.StartsWith("System.Net", StringComparison.Ordinal) || n.StartsWith("PrivacyShare.Internals.IO", StringComparison.Ordinal) || n.StartsWith("PrivacyShare.Internals.Csv", StringComparison.Ordinal));
    }

    [GeneratedRegex("new [A-Za-z.]*Exception\\(|Exception [A-Za-z]+\\([^)]*\\)\\s*=>\\s*new\\(")]
    private static partial Regex NewException();

    [GeneratedRegex("\"[^\"]*(^|[\\s(])--[a-z][a-z-]+")]
    private static partial Regex Flag();
}
