using PrivacyShare.Internals.Csv;
using PrivacyShare.Pseudonymization;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>
/// The risk projections (unique records without each quasi-identifier, and per pair) against a
/// plain GroupBy over the same rows, with packed keys and with string keys, including keys too wide
/// to pack into 64 bits.
/// </summary>
public sealed class RiskTableTests
{
    [Theory]
    [InlineData(6, 40, true)]
    [InlineData(6, 40, false)]
    [InlineData(5, 6000, true)] // 5 x 13 bits: too wide to pack, so the string path runs anyway
    [InlineData(3, 3000, true)] // pairs with the first have fewer combinations than classes: counted in an array, with uniques
    public void Projections_MatchGroupBy(int columns, int values, bool pack)
    {
        var random = new Random(columns * values);
        var rows = Enumerable.Range(0, 20_000)
            .Select(_ => Enumerable.Range(0, columns).Select(c => $"v{(c == 0 ? random.Next(values) : random.Next(Math.Min(values, 4 + c)))}").ToArray())
            .ToList();
        var names = Enumerable.Range(0, columns).Select(c => $"q{c}").ToArray();
        var table = new RiskTable(names, pack);
        var batch = new CellBatch(columns, rows.Count);
        var keys = new CellBatch(1, rows.Count);
        int[] all = [.. Enumerable.Range(0, columns)];
        foreach (var row in rows)
        {
            var r = batch.AddRow(1);
            for (var c = 0; c < columns; c++)
            {
                batch.Set(r, c, row[c]);
            }

            RiskTable.AppendKey(batch, r, all, keys);
            table.Add(keys.Get(r, 0));
        }

        long Uniques(IEnumerable<int> keep) =>
            rows.GroupBy(r => string.Join("|", keep.Select(i => r[i]))).Count(g => g.Count() == 1);

        foreach (var driver in table.WithoutEach())
        {
            var kept = driver.QuasiIdentifiers.Select(n => Array.IndexOf(names, n)).ToArray();
            Assert.Equal(columns - 1, kept.Length);
            Assert.Equal(Uniques(kept), driver.RecordsInUniqueClasses);
        }

        var pairs = (from a in all from b in all where a < b select new[] { a, b })
            .Select(p => (Names: string.Join(",", p.Select(i => names[i])), Unique: Uniques(p)))
            .OrderByDescending(p => p.Unique).ThenBy(p => p.Names, StringComparer.Ordinal).Take(5)
            .ToList();
        Assert.Equal(pairs, table.UniquestPairs().Select(d => (string.Join(",", d.QuasiIdentifiers), d.RecordsInUniqueClasses)));
        Assert.Equal(Uniques(all), table.Statistics().RecordsInUniqueClasses);
    }

    [Fact]
    public void Keys_ValuesThatJoinAlike_AreDifferentClasses()
    {
        var longValue = new string('x', 0x8000 + 5);
        string[][] rows = [["ab", "c"], ["a", "bc"], ["a\u0001", "b"], ["a", "\u0001b"], [longValue, "z"], [longValue, "z"], [longValue + "z", ""]];
        var table = new RiskTable(["q0", "q1"]);
        var batch = new CellBatch(2);
        var keys = new CellBatch(1);
        foreach (var row in rows)
        {
            var r = batch.AddRow(1);
            batch.Set(r, 0, row[0]);
            batch.Set(r, 1, row[1]);
            RiskTable.AppendKey(batch, r, [0, 1], keys);
            table.Add(keys.Get(r, 0));
        }

        var statistics = table.Statistics();
        Assert.Equal(6, statistics.Classes);
        Assert.Equal(5, statistics.RecordsInUniqueClasses);
        Assert.Equal(2, table.ClassSize(keys.Get(4, 0)));
        Assert.Equal(7 - 2, table.WithoutEach().Single(d => d.QuasiIdentifiers.SequenceEqual(["q1"])).RecordsInUniqueClasses);
        Assert.Equal(3, table.WithoutEach().Single(d => d.QuasiIdentifiers.SequenceEqual(["q0"])).RecordsInUniqueClasses);
    }
}
