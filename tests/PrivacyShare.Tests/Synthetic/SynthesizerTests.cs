using System.Text.Json;
using PrivacyShare.Records;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Synthetic;

public sealed class SynthesizerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private SynthResult Synth(string name, int seed, long rows = 20_000, string? truth = null) =>
        Synthesizer.Run(new SynthOptions { Rows = rows, Seed = seed, OutputPath = _dir.File(name), TruthPath = truth is null ? null : _dir.File(truth) });

    [Fact]
    public void Run_SameSeed_GivesByteIdenticalFiles()
    {
        Synth("a.csv", 7);
        Synth("b.csv", 7);

        Assert.Equal(File.ReadAllBytes(_dir.File("a.csv")), File.ReadAllBytes(_dir.File("b.csv")));
    }

    [Fact]
    public void Run_OtherSeed_GivesAnotherFile()
    {
        Synth("a.csv", 7);
        Synth("b.csv", 8);

        Assert.NotEqual(File.ReadAllBytes(_dir.File("a.csv")), File.ReadAllBytes(_dir.File("b.csv")));
    }

    [Fact]
    public void Run_Output_IsAValidCanonicalExtractWithTheRequestedRows()
    {
        var result = Synth("a.csv", 1, rows: 5_000);

        var records = ArrestCsvReader.ReadAll(result.OutputPath).ToList();

        Assert.Equal(5_000, records.Count);
        Assert.Equal(5_000, records.Select(r => r.BookingId).Distinct().Count());
        Assert.All(records, r => Assert.InRange(r.ArrestDate, new DateOnly(2008, 10, 1), new DateOnly(2010, 6, 30)));
    }

    [Fact]
    public void Run_Truth_MatchesCountsReadBackFromTheCsv()
    {
        var result = Synth("a.csv", 3, rows: 30_000, truth: "truth.json");

        var expected = new Dictionary<(string, int), long[]>();
        foreach (var r in ArrestCsvReader.ReadAll(result.OutputPath))
        {
            var key = (ArrestMonth.Of(r.ArrestDate).ToString(), (int)r.OffenseLevel);
            if (!expected.TryGetValue(key, out var c))
            {
                expected[key] = c = new long[4];
            }

            c[0]++;
            c[1] += r.IdentMatch ? 1 : 0;
            c[2] += r.DetainerIssued ? 1 : 0;
            c[3] += r.Removed ? 1 : 0;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(result.TruthPath!));
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(21 * 3, cells.Count); // every month of 2008-10..2010-06 times 3 levels, zeros included
        Assert.Equal(30_000, json.RootElement.GetProperty("rows").GetInt64());
        foreach (var cell in cells)
        {
            var key = (cell.GetProperty("arrest_month").GetString()!, cell.GetProperty("offense_level").GetInt32());
            var c = expected.GetValueOrDefault(key, new long[4]);
            Assert.Equal(c[0], cell.GetProperty("arrests").GetInt64());
            Assert.Equal(c[1], cell.GetProperty("ident_matches").GetInt64());
            Assert.Equal(c[2], cell.GetProperty("detainers").GetInt64());
            Assert.Equal(c[3], cell.GetProperty("removals").GetInt64());
        }
    }

    [Fact]
    public void Run_PeriodOverride_IsRespected()
    {
        var result = Synthesizer.Run(new SynthOptions
        {
            Rows = 2_000,
            Seed = 1,
            OutputPath = _dir.File("a.csv"),
            From = ArrestMonth.Parse("2012-01"),
            To = ArrestMonth.Parse("2012-02"),
        });

        Assert.All(ArrestCsvReader.ReadAll(result.OutputPath),
            r => Assert.InRange(r.ArrestDate, new DateOnly(2012, 1, 1), new DateOnly(2012, 2, 29)));
    }

    [Fact]
    public void Run_BadTruthTarget_LeavesNoCsvBehind()
    {
        Assert.Throws<InputException>(() => Synth("a.csv", 1, truth: "missing/truth.json"));

        Assert.Empty(_dir.Files());
    }
}
