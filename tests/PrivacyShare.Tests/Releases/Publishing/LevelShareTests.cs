using System.Globalization;
using System.Text.RegularExpressions;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Publishing;

/// <summary>
/// The report's key fact "Of N removals, M were of people charged at offense level 2 or 3" looks levels
/// up by value (../shared/repro/07: with levels declared 3, 2, 1 it added levels 2 and 1).
/// </summary>
public sealed partial class LevelShareTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[]> Orders => new()
    {
        new[] { "1", "2", "3" }, new[] { "1", "3", "2" }, new[] { "2", "1", "3" },
        new[] { "2", "3", "1" }, new[] { "3", "1", "2" }, new[] { "3", "2", "1" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void TheLevelShare_AddsLevelsTwoAndThree_InEveryDeclaredOrder(string[] order)
    {
        var input = _dir.File("in.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 30_000, Seed = 4, OutputPath = input });
        var spec = new ReleaseSpecBuilder("levels", "T", "P")
            .Period(ArrestMonth.Parse("2008-10"), ArrestMonth.Parse("2010-06"))
            .Epsilon(new Rational(20, 1))
            .MaxRecordsPerPerson(6)
            .Domain("offense_level", order)
            .Table("removals_by_level", ["offense_level"], ["removals"], maxRecordsPerPerson: 1)
            .Build();
        using (var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true))
        {
            ledger.SetBudget("levels", new Rational(20, 1));
        }

        Releaser.Run(new ReleaseOptions { InputPath = input, Spec = spec, OutputDirectory = _dir.File("r"), LedgerPath = _dir.File("l.db") });

        var rows = PublishedRelease.Load(_dir.File("r")).Answer(ReleaseQuery.ByDimensions(Measure.Removals, "offense_level")).Rows;
        var expected = rows.Where(r => r.Values[0] is "2" or "3").Sum(r => r.Estimate);
        var total = rows.Sum(r => r.Estimate);
        var sentence = Share().Match(File.ReadAllText(_dir.File("r/report.html")));
        Assert.True(sentence.Success, "the report states the level share");
        Assert.Equal(total.ToString("N0", CultureInfo.InvariantCulture), sentence.Groups["total"].Value);
        Assert.Equal(expected.ToString("N0", CultureInfo.InvariantCulture), sentence.Groups["lower"].Value);
    }

    [GeneratedRegex(@"Of (?<total>[\d,]+) removals, (?<lower>[\d,]+) \(\d+%\) were of people charged at offense level 2 or 3")]
    private static partial Regex Share();
}
