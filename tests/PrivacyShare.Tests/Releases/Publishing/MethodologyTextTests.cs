using System.Text.Json.Nodes;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Publishing;

/// <summary>
/// METHODOLOGY.md shows the spec's title, publisher and version as text: the CommonMark reference
/// implementation (npm commonmark) parses them back to the very same text, with no emphasis, link,
/// code or raw HTML (the old writer copied them as raw Markdown and HTML).
/// </summary>
public sealed class MethodologyTextTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void TitlePublisherAndVersion_AreTextInTheRenderedMarkdown()
    {
        const string Title = "<b>Arrests</b> & *removals* [link](http://x) `code` _under_ # 1";
        const string Publisher = "Police <script>alert(1)</script> **Dept** \\ backslash";
        const string Version = "v1_*2*";
        var spec = Specs.Write(_dir, j =>
        {
            j["title"] = Title;
            j["publisher"] = Publisher;
            j["version"] = Version;
        });
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "300", "--seed", "2", "--out", _dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "2", "--ledger", _dir.File("l.db")).ExitCode);
        var release = Support.Cli.Run("release", "--in", _dir.File("in.csv"), "--spec", spec, "--out", _dir.File("r"), "--ledger", _dir.File("l.db"), "--unsigned", "--quiet");
        Assert.True(release.ExitCode == 0, release.Error);

        var rendered = NodeValidators.Markdown(_dir.File("r/METHODOLOGY.md"));
        Tools.Require(rendered is not null, "Node.js and npm");

        Assert.True(rendered.Value.Code == 0, rendered.Value.Output);
        var blocks = JsonNode.Parse(rendered.Value.Output)!.AsArray();
        Assert.Equal("heading", (string)blocks[0]!["type"]!);
        Assert.Equal(Title, (string)blocks[0]!["text"]!);
        Assert.StartsWith($"Published by {Publisher}. Dataset ", (string)blocks[1]!["text"]!, StringComparison.Ordinal);
        Assert.Contains($"release {Version} (number 1", (string)blocks[1]!["text"]!, StringComparison.Ordinal);
        foreach (var block in blocks)
        {
            var kinds = block!["kinds"]!.AsArray().Select(k => (string)k!).ToList();
            Assert.DoesNotContain("html_inline", kinds);
            Assert.DoesNotContain("emph", kinds);
            Assert.DoesNotContain("strong", kinds);
            Assert.DoesNotContain("link", kinds);
        }
    }
}
