using PrivacyShare.Records;
using PrivacyShare.Releases.Counting;

namespace PrivacyShare.Tests.Releases.Counting;

public sealed class DomainIndexTests
{
    // Each domain against a dictionary of the same values, the lookup the index replaced: every value,
    // its prefixes and extensions, case and space variants, and codes near the packed ones, which share
    // characters or a length with them.
    public static TheoryData<string[]> Domains => new()
    {
        { ["1", "2", "3"] },
        { ["W", "B", "A", "I", "P", "U"] },
        { ["A1", "A7", "B2", "B3", "C6", "C11", "D4", "D14", "E5", "E13", "E18"] },
        { ["A1", "A10", "A", "", "other"] },
        { ["Dorchester", "Roxbury", "South Boston", "other"] },
        { [.. Enumerable.Range(0, 65).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))] },
        { ["2009-11", "2009-12", "2010-01", "2010-03", "other"] },
    };

    [Theory]
    [MemberData(nameof(Domains))]
    public void EveryValue_IsFoundWhereADictionaryFindsIt(string[] values)
    {
        var index = new DomainIndex(values);
        var reference = values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal);
        var probes = values.SelectMany(v => new[] { v, v + "1", v + "X", v.ToLowerInvariant(), " " + v, v.Length > 0 ? v[..^1] : "Z", v.Length > 1 ? v[1..] : "\0" })
            .Concat(["", "\0", "\0\0\0", "C1", "C111", "D", "11", "B1", "2009-10", "2010-02", "2010-04", "AAAA"]);
        foreach (var probe in probes)
        {
            var found = index.TryGetValue(probe, out var at);
            Assert.Equal(reference.TryGetValue(probe, out var expected), found);
            Assert.Equal(found ? expected : -1, at);
        }
    }

    [Fact]
    public void AMonth_IsFoundWithoutItsText_OnlyWhereItsTextIsInTheDomain()
    {
        string[] values = ["2009-11", "2009-12", "2010-01", "2010-03", " 2010-04", "2010-5", "other"];
        var index = new DomainIndex(values);
        for (var month = ArrestMonth.Parse("2008-01"); month <= ArrestMonth.Parse("2011-12"); month = month.Plus(1))
        {
            var expected = Array.IndexOf(values, month.ToString());
            Assert.Equal(expected >= 0, index.TryGetMonth(month, out var at));
            Assert.Equal(expected, at);
        }
    }

    [Fact]
    public void ADomainWithoutMonths_FindsNoMonth()
    {
        var index = new DomainIndex(["1", "2", "3"]);
        Assert.False(index.TryGetMonth(ArrestMonth.Parse("2009-01"), out var at));
        Assert.Equal(-1, at);
    }
}
