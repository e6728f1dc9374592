using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PrivacyShare.Cli.Demo;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Releases.Verification;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Publishing;

public sealed partial class ReleaseReportTests(SignedReleases releases) : IClassFixture<SignedReleases>
{
    private readonly SignedReleases _r = releases;

    private string Report => File.ReadAllText(_r.Dir.File("r2/report.html"));

    [Fact]
    public void Report_IsAResourceOfThePackage_SoTheSignatureCoversIt()
    {
        var package = JsonNode.Parse(File.ReadAllText(_r.Dir.File("r2/datapackage.json")))!;
        var resource = package["resources"]!.AsArray().Single(r => (string)r!["path"]! == "report.html")!;

        Assert.Equal("data-resource", (string)resource["profile"]!);
        Assert.Equal("text/html", (string)resource["mediatype"]!);
        Assert.Equal(new FileInfo(_r.Dir.File("r2/report.html")).Length, (long)resource["bytes"]!);
        Assert.True(ReleaseVerifier.Verify(_r.Dir.File("r2"), _r.PublicKey).IsValid);
    }

    [Fact]
    public void KeyFacts_AreTheReleasesOwnAnswers()
    {
        var release = PublishedRelease.Load(_r.Dir.File("r2"));

        foreach (var (measure, title) in new[] { (Measure.Arrests, "Arrests"), (Measure.IdentMatches, "IDENT matches"), (Measure.Removals, "Removals") })
        {
            var row = release.Answer(ReleaseQuery.Total(measure)).Rows[0];
            // The interval from noise, then (when the allowance adds to it) the interval for the true count.
            var noise = string.Create(CultureInfo.InvariantCulture, $"95% interval {row.NoiseLower:N0} to {row.NoiseUpper:N0}");
            var range = row.Lower == row.NoiseLower && row.Upper == row.NoiseUpper ? noise : string.Create(CultureInfo.InvariantCulture, $"{noise} from noise; {row.Lower:N0} to {row.Upper:N0} with the records the bounds left out");
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<strong>{title}: {row.Estimate:N0}</strong> ({range})"), Report);
        }

        // The share sentence needs removals to share out: with none estimated (a small fixture, noise of
        // scale 2.7) the report leaves it out rather than print a share of nothing.
        var levels = release.Answer(ReleaseQuery.ByDimensions(Measure.Removals, "offense_level")).Rows;
        var total = levels.Sum(r => r.Estimate);
        if (total == 0)
        {
            Assert.DoesNotContain("were of people charged at offense level 2 or 3", Report, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"Of {total:N0} removals, {levels[1].Estimate + levels[2].Estimate:N0} (", Report);
        }
    }

    [Fact]
    public void Report_ShowsTheNoiseAndTheAllowanceApart_AndSaysOnceWhatTheBoundsLeftOut()
    {
        // The left-out records, once: each dropped-records count's noisy total, read here from
        // measurements.csv (the rows of the dropped_... measurements), rounded and floored at 0.
        var dropped = File.ReadLines(_r.Dir.File("r2/measurements.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[0].StartsWith("dropped_", StringComparison.Ordinal))
            .GroupBy(r => r[0]).Select(g => Math.Max(0, g.Sum(r => long.Parse(r[3], CultureInfo.InvariantCulture)))).ToArray();
        Assert.NotEmpty(dropped);
        Assert.Contains("<h3 id=\"left-out\">Records the limits left out</h3>", Report);
        var stated = LeftOutLine().Matches(Report).Select(m => long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(dropped.Order(), stated.Order());
        Assert.Contains("Each cell's wider range allows for all of them falling in that cell", Report);

        // Solid whiskers for noise; the allowance as a dashed grey extension, explained in each legend and table.
        Assert.Contains("stroke=\"#8a8a8a\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"", Report);
        Assert.Contains("bar: estimate; whisker: 95% interval from noise; dashed grey: allowance for left-out records", Report);
        Assert.Contains("<th scope=\"col\" class=\"n\">95% interval from noise</th><th scope=\"col\" class=\"n\">with left-out records</th>", Report);
    }

    [GeneratedRegex(@"<li>Beyond each person's first \d+ in [a-z_, ]+: about ([\d,]+) records \(95% interval [\d,]+ to [\d,]+\)\.</li>")]
    private static partial Regex LeftOutLine();

    [Fact]
    public void Report_IsSelfContained_AndExplainsItself()
    {
        var html = Report;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(Links().Matches(html), m => Assert.StartsWith("#", m.Groups[1].Value, StringComparison.Ordinal));
        Assert.Contains("<meta name=\"viewport\"", html);
        Assert.Contains("@media print", html);
        Assert.Contains("How to read these numbers", html);
        Assert.Contains("How to check this release", html);
        Assert.Contains("minisign -Vm datapackage.json -p KEY.pub", html);
        Assert.Contains($"<code>{_r.PublicKey.Id}</code>", html);
        Assert.Equal(7, Charts().Matches(html).Count); // the funnel, monthly x2, removals, district x race, ethnicity x2
    }

    [SkippableFact]
    public void DemoReport_InARealBrowser_LoadsWithoutErrorsOrRequests_WithEveryChartDescribed()
    {
        var demo = _r.Dir.File($"demo-{Guid.NewGuid():N}");
        DemoPipeline.Run(demo, 3_000);
        var report = Path.Combine(demo, "release-1", "report.html");

        // The screenshot is kept with the test results, for a person to look at.
        var results = Path.Combine(RepoRoot.Path, "TestResults");
        Directory.CreateDirectory(results);
        var desktop = NodeValidators.Report(report, Path.Combine(results, "demo-report.png"));
        var phone = NodeValidators.Report(report, Path.Combine(results, "demo-report-phone.png"), 390);
        Tools.Require(!(desktop is null || phone is null), "chromium");

        Assert.True(desktop.Value.Code == 0, desktop.Value.Output);
        Assert.True(phone.Value.Code == 0, phone.Value.Output);
        var summary = JsonNode.Parse(desktop.Value.Output)!;
        Assert.Equal(7, (int)summary["charts"]!);
        Assert.Contains("Key facts", summary["headings"]!.AsArray().Select(h => (string)h!));
    }

    [Fact]
    public void Report_SpeaksTheReadersWords_NotesLabelsAndCodes()
    {
        // The example spec's note and its label for district; the built-in labels of the code lists.
        Assert.Contains("<strong>Notes from the publisher</strong>", Report);
        Assert.Contains("<li>Offense levels are ICE&#39;s Secure Communities levels, recorded by ICE for each IDENT match.</li>", Report);
        Assert.Contains("<h2>Arrests by police district and race</h2>", Report);
        Assert.Contains("<td>White (W)</td>", Report);
        Assert.Contains("<th scope=\"row\">Level 1: aggravated felonies and violent or major drug offenses (1)</th>", Report);
        Assert.Contains(">Level 2</text>", Report); // the axis shows the label's short part
        // Every race code is declared: no OTHER race column; the district list is partial, so it keeps one.
        Assert.DoesNotContain("<td>other values, outside the declared list (OTHER)</td>", Report);
        Assert.Contains("<th scope=\"row\">other values, outside the declared list (OTHER)</th>", Report);

        var methodology = File.ReadAllText(_r.Dir.File("r2/METHODOLOGY.md"));
        Assert.Contains("## Notes from the publisher", methodology);
        Assert.Contains("- race: `W` White; `B` Black; `A` Asian;", methodology);
        Assert.Contains("by district (police district) and race", methodology);
        var schema = File.ReadAllText(_r.Dir.File("r2/datapackage.json"));
        Assert.Contains("codes: W White, B Black, A Asian, I American Indian or Alaska Native, P Native Hawaiian or Pacific Islander, U Unknown", schema);
    }

    [SkippableFact]
    public void LongLabels_AtTheEndsOfEveryChart_AreNeverClipped_InARealBrowser()
    {
        // The extreme ends: LAPD's area names as districts, as heat-map rows, as heat-map columns and as
        // bars, with the period's last month at the right end of the line charts.
        string[] areas = ["NORTH HOLLYWOOD", "77TH ST", "WEST LOS ANGELES", "A", "DEVONSHIRE", "HOLLENBECK", "SOUTHWEST", "WEST VALLEY", "VAN NUYS", "FOOTHILL", "HARBOR", "NORTHEAST"];
        using var dir = new TempFolder();
        var folder = dir.Path;
        var spec = Specs.Write(dir, j =>
        {
            j["domains"]!["district"] = new JsonArray([.. areas.Select(a => JsonValue.Create(a))]);
            j["tables"]![2]!["dimensions"] = new JsonArray("race", "district");
            j["tables"]!.AsArray().Add(JsonNode.Parse("""{ "name": "by_district", "dimensions": ["district"], "measures": ["arrests"], "weight": 0.05 }"""));
        });
        var input = Path.Combine(folder, "in.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 400, Seed = 5, OutputPath = input });
        var ledger = Path.Combine(folder, "l.db");
        using (var l = PrivacyShare.Ledger.BudgetLedger.Open(ledger, create: true))
        {
            l.SetBudget("boston-secure-communities", PrivacyShare.Privacy.Rational.One);
        }

        PrivacyShare.Releases.Releaser.Run(new PrivacyShare.Releases.ReleaseOptions { InputPath = input, Spec = PrivacyShare.Releases.ReleaseSpec.Load(spec), OutputDirectory = Path.Combine(folder, "rel"), LedgerPath = ledger });
        var report = Path.Combine(folder, "rel", "report.html");
        Assert.Contains(">NORTH HOLLYWOOD</text>", File.ReadAllText(report));
        Assert.Contains("transform=\"rotate(-40", File.ReadAllText(report));

        var desktop = NodeValidators.Report(report, Path.Combine(folder, "labels.png"));
        var phone = NodeValidators.Report(report, Path.Combine(folder, "labels-phone.png"), 390);
        Tools.Require(!(desktop is null || phone is null), "chromium");
        Assert.True(desktop.Value.Code == 0, desktop.Value.Output);
        Assert.True(phone.Value.Code == 0, phone.Value.Output);

        // The control: the same check finds a label pushed past a chart's right edge.
        var broken = Path.Combine(folder, "broken.html");
        File.WriteAllText(broken, File.ReadAllText(report).Replace(">NORTH HOLLYWOOD</text>", " dx=\"2000\">NORTH HOLLYWOOD</text>", StringComparison.Ordinal));
        var caught = NodeValidators.Report(broken, Path.Combine(folder, "broken.png"));
        Assert.Equal(1, caught!.Value.Code);
        Assert.Contains("clipped label", caught.Value.Output);
    }

    [SkippableFact]
    public void BrowserCheck_CatchesAChartWithoutItsDescription_AndAScript()
    {
        // The control: the check can fail.
        var broken = _r.Dir.File($"broken-{Guid.NewGuid():N}.html");
        File.WriteAllText(broken, DescRegex().Replace(Report, "<desc id=\"$1\"></desc>", 1).Replace("</main>", "<script>console.error('x')</script></main>", StringComparison.Ordinal));

        var result = NodeValidators.Report(broken, _r.Dir.File("broken.png"));
        Tools.Require(result is not null, "chromium");

        Assert.Equal(1, result.Value.Code);
        Assert.Contains("lacks role=\\\"img\\\", a title or a description", result.Value.Output);
        Assert.Contains("console: x", result.Value.Output);
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"")]
    private static partial Regex Links();

    [GeneratedRegex("<figure>\\s*<svg [^>]*role=\"img\"")]
    private static partial Regex Charts();

    [GeneratedRegex("<desc id=\"([^\"]+)\">[^<]*</desc>")]
    private static partial Regex DescRegex();
}
