using PrivacyShare.Records;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Synthetic;

/// <summary><c>synth --as-of</c>: snapshots of one history, with outcomes recorded after the profile's lags.</summary>
public sealed class AsOfTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, (string Month, bool Detainer, bool Removed, int Line)> Snapshot(string? asOf)
    {
        var path = _dir.File($"s-{asOf ?? "all"}.csv");
        Synthesizer.Run(new SynthOptions { Rows = 20_000, Seed = 9, OutputPath = path, AsOf = asOf is null ? null : ArrestMonth.Parse(asOf) });
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var (id, date, detainer, removed) = (Col("booking_id"), Col("arrest_date"), Col("detainer_issued"), Col("removed"));
        return lines.Skip(1).Select((l, i) => (Fields: l.Split(','), Line: i))
            .ToDictionary(x => x.Fields[id], x => (ArrestMonth.Of(ParseDate(x.Fields[date])).ToString(), x.Fields[detainer] == "Y", x.Fields[removed] == "Y", x.Line), StringComparer.Ordinal);
    }

    // The synthetic clerk writes dates in a few layouts; the month is what matters here.
    private static DateOnly ParseDate(string text) =>
        ArrestDates.TryParse(text, out var d) ? d : throw new FormatException(text);

    [Fact]
    public void Snapshots_AreOneHistory_EachThePreviousPlusWhatHappenedSince()
    {
        var full = Snapshot(null);
        var march = Snapshot("2009-03");
        var april = Snapshot("2009-04");

        // Exactly the arrests made by the end of the month, in the history's order.
        Assert.Equal(full.Where(b => string.CompareOrdinal(b.Value.Month, "2009-03") <= 0).Select(b => b.Key).Order(StringComparer.Ordinal),
            march.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(march.Keys.OrderBy(k => march[k].Line), march.Keys.OrderBy(k => full[k].Line));
        Assert.All(march.Keys, k => Assert.Contains(k, april.Keys));

        // Outcomes only appear: never one in March that April or the whole history lacks.
        Assert.All(march, b => Assert.True((!b.Value.Detainer || april[b.Key].Detainer) && (!b.Value.Removed || april[b.Key].Removed) && (!april[b.Key].Removed || full[b.Key].Removed)));

        // Some outcomes of earlier arrests were recorded in April: the extract changed under them.
        Assert.Contains(march, b => !b.Value.Removed && april[b.Key].Removed);
        Assert.Contains(march, b => !b.Value.Detainer && april[b.Key].Detainer);

        // The built-in profile records no removal in the month of the arrest.
        Assert.DoesNotContain(march, b => b.Value.Month == "2009-03" && b.Value.Removed);
        Assert.Contains(full, b => b.Value.Month == "2009-03" && b.Value.Removed);
    }

    [Fact]
    public void AsOf_OutsideTheHistory_IsRefusedAndWritesNothing()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Synthesizer.Run(new SynthOptions { Rows = 10, Seed = 1, OutputPath = _dir.File("x.csv"), AsOf = ArrestMonth.Parse("2011-01") }));

        Assert.Contains("the as-of month 2011-01 must fall in the history, 2008-10 to 2010-06", e.Message);
        Assert.False(File.Exists(_dir.File("x.csv")));
        var cli = Support.Cli.Run("synth", "--rows", "10", "--seed", "1", "--as-of", "2011-01", "--out", _dir.File("y.csv"));
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("2011-01", cli.Error);
    }
}
