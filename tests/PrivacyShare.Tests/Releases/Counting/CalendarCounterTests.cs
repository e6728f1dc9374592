using System.Text.Json.Nodes;
using PrivacyShare.Ledger;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Counting;

/// <summary>
/// The calendar's counting of what is new (docs/calendar.md), checked against a plain recount of the
/// snapshots written here: which bookings and outcomes appeared since the last extract, and the caps
/// across periods.
/// </summary>
public sealed class CalendarCounterTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly LedgerKey _ledgerKey;
    private readonly PseudonymKey _key;

    public CalendarCounterTests()
    {
        _ledgerKey = LedgerKey.Create(_dir.File("l.key"));
        PseudonymKey.Create(_dir.File("p.key"), default, false, false);
        _key = PseudonymKey.Load(_dir.File("p.key"), TestKeys.NoPassphrase);
    }

    public void Dispose()
    {
        _ledgerKey.Dispose();
        _key.Dispose();
        _dir.Dispose();
    }

    private ReleaseSpec Spec(int bound, int removalBound = 1)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "releases", "boston-calendar.json")))!.AsObject();
        json["calendar"] = JsonNode.Parse("""{ "cadence": "month", "from": "2009-01", "to": "2009-12" }""");
        json["privacy"]!["max_records_per_person"] = bound;
        json["tables"]![1]!["max_records_per_person"] = removalBound;
        return ReleaseSpec.Load(_dir.Write($"spec-{bound}-{removalBound}.json", json.ToJsonString()));
    }

    // The snapshot at the end of `month`, pseudonymized (booking_id and person_id are keyed pseudonyms).
    private string Snapshot(string month, PseudonymKey? key = null)
    {
        var raw = _dir.File($"raw-{month}.csv");
        if (!File.Exists(raw))
        {
            Synthesizer.Run(new SynthOptions { Rows = 12_000, Seed = 21, OutputPath = raw, From = ArrestMonth.Parse("2009-01"), To = ArrestMonth.Parse("2009-12"), AsOf = ArrestMonth.Parse(month) });
        }

        var output = _dir.File($"p-{month}-{Guid.NewGuid():N}.csv");
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = raw, OutputPath = output, Key = key ?? _key });
        return output;
    }

    private static List<Dictionary<string, string>> Rows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal))];
    }

    private static int StageOf(Dictionary<string, string> r) =>
        r["removed"] == "Y" ? 3 : r["detainer_issued"] == "Y" ? 2 : r["ident_match"] == "Y" ? 1 : 0;

    [Fact]
    public void EachPeriod_CountsExactlyTheBookingsAndOutcomesFirstSeenInIt()
    {
        var spec = Spec(bound: 1000, removalBound: 1000);
        var store = new CalendarStore(spec.Dataset, "test", spec.Design.Dropped.Length);
        var previous = new Dictionary<string, int>(StringComparer.Ordinal);
        var months = new[] { "2009-01", "2009-02", "2009-03" };
        for (var p = 0; p < months.Length; p++)
        {
            var path = Snapshot(months[p]);
            var counts = CalendarCounter.Count(spec.Design, p, store, _ledgerKey, path);

            // The plain recount: per event kind, the bookings that reached it since the last snapshot.
            var rows = Rows(path);
            var expected = new long[4];
            foreach (var r in rows)
            {
                var before = previous.GetValueOrDefault(r["booking_id"], -1);
                for (var k = before + 1; k <= StageOf(r); k++)
                {
                    expected[k]++;
                }
            }

            // monthly measures arrests, ident_matches, detainers (groups 0..2); removals_by_level removals.
            var monthly = counts.Counts.Tables[0];
            var removals = counts.Counts.Tables[1];
            Assert.Equal(expected[0], monthly[p * 3 + 0]);
            Assert.Equal(expected[1], monthly[p * 3 + 1]);
            Assert.Equal(expected[2], monthly[p * 3 + 2]);
            Assert.Equal(expected[3], Enumerable.Range(0, 3).Sum(level => removals[p * 3 + level]));
            Assert.Equal(0, monthly.Where((_, i) => i / 3 != p).Sum());
            Assert.Equal(expected.Sum(), counts.NewEvents);
            Assert.Equal(rows.Count(r => !previous.ContainsKey(r["booking_id"])), counts.NewBookings);
            Assert.Equal(0, counts.Vanished + counts.Withdrawn);
            if (p > 0)
            {
                Assert.True(counts.Progressed > 0, "outcomes of earlier bookings are recorded later (the profile's lags)");
            }

            previous = rows.ToDictionary(r => r["booking_id"], StageOf, StringComparer.Ordinal);
        }
    }

    [Fact]
    public void ABound_CapsAPersonsEventsAcrossPeriods_InTheOrderTheCalendarSawThem()
    {
        var spec = Spec(bound: 2);
        var store = new CalendarStore(spec.Dataset, "test", spec.Design.Dropped.Length);

        // The plain recount's state: each person's events of arrests, matches and detainers so far, and,
        // as the doc says, people merged (their counts added) when a later extract moves a booking to
        // another person_id (pseudonymize linked two identities).
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Root(string person) => parent.TryGetValue(person, out var up) && up != person ? Root(up) : person;
        var previous = new Dictionary<string, (int Stage, string Person)>(StringComparer.Ordinal);
        var merges = 0;
        foreach (var (month, p) in new[] { ("2009-01", 0), ("2009-02", 1), ("2009-03", 2), ("2009-04", 3) })
        {
            var path = Snapshot(month);
            var counts = CalendarCounter.Count(spec.Design, p, store, _ledgerKey, path);

            var expected = new long[3];
            var dropped = new long[3];
            var rows = Rows(path);
            foreach (var r in rows)
            {
                var person = r["person_id"];
                var before = previous.TryGetValue(r["booking_id"], out var was) ? was.Stage : -1;
                if (before >= 0 && Root(was.Person) != Root(person))
                {
                    var (a, b) = (Root(was.Person), Root(person));
                    used[a] = used.GetValueOrDefault(a) + used.GetValueOrDefault(b);
                    used.Remove(b);
                    parent[b] = a;
                    merges++;
                }

                for (var k = before + 1; k <= Math.Min(2, StageOf(r)); k++)
                {
                    var root = Root(person);
                    var n = used[root] = used.GetValueOrDefault(root) + 1;
                    if (n <= 2)
                    {
                        expected[k]++;
                    }
                    else if (n <= 4)
                    {
                        dropped[k]++;
                    }
                }
            }

            Assert.Equal(expected, counts.Counts.Tables[0].Skip(p * 3).Take(3));
            Assert.Equal(dropped, counts.Counts.Dropped[0]);
            Assert.True(counts.Counts.Dropped[0].Sum() > 0, "some people have more than 2 events by now");
            previous = rows.ToDictionary(r => r["booking_id"], r => (StageOf(r), r["person_id"]), StringComparer.Ordinal);
        }

        Assert.True(merges > 0, "a later extract linked identities of earlier bookings, so the merge was exercised");
    }

    [Fact]
    public void WhatGoesBackwards_IsCounted_AndStaysMeasured()
    {
        var spec = Spec(bound: 1000, removalBound: 1000);
        var store = new CalendarStore(spec.Dataset, "test", spec.Design.Dropped.Length);
        var first = Snapshot("2009-01");
        CalendarCounter.Count(spec.Design, 0, store, _ledgerKey, first);
        var lines = File.ReadAllLines(first).ToList();
        var header = lines[0].Split(',');
        var detained = lines.FindIndex(1, l => l.Split(',')[Array.IndexOf(header, "detainer_issued")] == "Y" && l.Split(',')[Array.IndexOf(header, "removed")] == "N");
        var withdrawn = lines[detained].Split(',');
        withdrawn[Array.IndexOf(header, "detainer_issued")] = "N";
        lines[detained] = string.Join(',', withdrawn);
        lines.RemoveAt(detained == 1 ? 2 : 1); // one booking vanishes
        var second = _dir.Write("second.csv", string.Join('\n', lines) + "\n");

        var counts = CalendarCounter.Count(spec.Design, 1, store, _ledgerKey, second);

        Assert.Equal(1, counts.Withdrawn);
        Assert.Equal(1, counts.Vanished);
        Assert.Equal(0, counts.NewEvents);
        Assert.Equal(0, counts.Counts.Tables[0].Sum());
    }

    [Fact]
    public void AnExtractUnderAnotherPseudonymKey_IsRefused()
    {
        var spec = Spec(bound: 6);
        var store = new CalendarStore(spec.Dataset, "test", spec.Design.Dropped.Length);
        CalendarCounter.Count(spec.Design, 0, store, _ledgerKey, Snapshot("2009-01"));
        PseudonymKey.Create(_dir.File("other.key"), default, false, false);
        using var other = PseudonymKey.Load(_dir.File("other.key"), TestKeys.NoPassphrase);

        var e = Assert.Throws<RefusedException>(() => CalendarCounter.Count(spec.Design, 1, store, _ledgerKey, Snapshot("2009-02", other)));

        Assert.Contains("none of them is in this extract: it was pseudonymized under another key", e.Message);
    }

    [Fact]
    public void ABookingTwice_ALaterMonth_OrNoPersonId_IsAnErrorNamingTheLine()
    {
        var spec = Spec(bound: 6);
        var path = Snapshot("2009-02");
        var lines = File.ReadAllLines(path);
        var twice = _dir.Write("twice.csv", string.Join('\n', lines.Append(lines[5])) + "\n");
        var header = lines[0].Split(',');

        var e1 = Assert.Throws<InputException>(() => CalendarCounter.Count(spec.Design, 1, new CalendarStore(spec.Dataset, "t", 3), _ledgerKey, twice));
        var e2 = Assert.Throws<InputException>(() => CalendarCounter.Count(spec.Design, 0, new CalendarStore(spec.Dataset, "t", 3), _ledgerKey, path));
        var noPerson = _dir.Write("np.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => header[i] != "person_id")))) + "\n");
        var e3 = Assert.Throws<InputException>(() => CalendarCounter.Count(spec.Design, 1, new CalendarStore(spec.Dataset, "t", 3), _ledgerKey, noPerson));

        Assert.Contains($"twice.csv:{lines.Length + 1}: field 'booking_id'", e1.Message);
        Assert.Contains("appears twice in the extract", e1.Message);
        Assert.Contains("after the period 2009-01 this release reads", e2.Message);
        Assert.Contains("person_id", e3.Message);
    }

    [Fact]
    public void TheStore_RoundTrips_AndRefusesAnyChangeOrAnotherKey()
    {
        var spec = Spec(bound: 2);
        var store = new CalendarStore(spec.Dataset, "design-1", spec.Design.Dropped.Length);
        CalendarCounter.Count(spec.Design, 0, store, _ledgerKey, Snapshot("2009-01"));
        var bytes = store.Serialize(_ledgerKey);

        var back = CalendarStore.Deserialize(bytes, _ledgerKey, "s");
        Assert.Equal((store.BookingCount, store.PersonCount, store.LastPeriod, "design-1"), (back.BookingCount, back.PersonCount, back.LastPeriod, back.Design));
        Assert.Equal(bytes, back.Serialize(_ledgerKey));

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 1;
        Assert.Contains("does not authenticate", Assert.Throws<RefusedException>(() => CalendarStore.Deserialize(flipped, _ledgerKey, "s")).Message);
        Assert.Throws<RefusedException>(() => CalendarStore.Deserialize(bytes[..^40], _ledgerKey, "s"));
        using var other = LedgerKey.Create(_dir.File("other.key"));
        Assert.Contains("another ledger key", Assert.Throws<RefusedException>(() => CalendarStore.Deserialize(bytes, other, "s")).Message);
        Assert.DoesNotContain(File.ReadAllLines(Snapshot("2009-01")).Skip(1).First().Split(',')[0], System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void APeriodChargedButNeverPublished_IsMeasuredAgain_ExactlyAsItWasCapped()
    {
        var spec = Spec(bound: 2);
        var store = new CalendarStore(spec.Dataset, "test", spec.Design.Dropped.Length);
        CalendarCounter.Count(spec.Design, 0, store, _ledgerKey, Snapshot("2009-01"));
        var february = Snapshot("2009-02");
        var lost = CalendarCounter.Count(spec.Design, 1, store, _ledgerKey, february); // its release crashed after the charge

        var again = CalendarCounter.Count(spec.Design, 1, store, _ledgerKey, february, first: 1, remeasure: (1, 1));

        Assert.Equal(lost.Counts.Tables.Select(t => t.ToArray()), again.Counts.Tables.Select(t => t.ToArray()));
        Assert.Equal(lost.Counts.Dropped.Select(d => d.ToArray()), again.Counts.Dropped.Select(d => d.ToArray()));
        Assert.Equal(lost.NewEvents, again.Remeasured);
        Assert.Equal(0, again.NewEvents);
    }

    [Fact]
    public void ASummary_CountsEveryEventOfItsSpan_AsTheRegularReleasesCappedIt_AndChangesNothingInTheStore()
    {
        var spec = Spec(bound: 2);
        var store = new CalendarStore(spec.Dataset, "test", spec.Design.Dropped.Length);
        var months = new[] { "2009-01", "2009-02", "2009-03", "2009-04" };
        var regular = months.Select((m, i) => CalendarCounter.Count(spec.Design, i, store, _ledgerKey, Snapshot(m))).ToList();
        var before = store.Serialize(_ledgerKey);

        // Months 2 to 4 again, from the last extract: each table cell of those months holds exactly what
        // the regular releases counted there (the snapshots' dimension values do not change), the first
        // month nothing; the dropped-records counts are those months' too.
        var summary = CalendarCounter.CountSummary(spec.Design, 1, 3, store, _ledgerKey, Snapshot("2009-04"));

        Assert.Equal(before, store.Serialize(_ledgerKey));
        Assert.Equal(0, summary.NewEvents);
        Assert.Equal(regular.Skip(1).Sum(r => r.NewEvents), summary.Remeasured);
        var period = spec.Design.AttributeOf("period");
        for (var t = 0; t < spec.Design.Tables.Length; t++)
        {
            var table = spec.Design.Tables[t];
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var values = new int[sizes.Length];
            var position = table.Attributes.IndexOf(period);
            var expected = new long[summary.Counts.Tables[t].Length];
            for (long cell = 0; cell < table.Cells; cell++)
            {
                PrivacyShare.Releases.Estimation.CellIndex.Decode(cell, sizes, values);
                for (var g = 0; g < table.Groups.Length; g++)
                {
                    var i = cell * table.Groups.Length + g;
                    expected[i] = values[position] is >= 1 and <= 3 ? regular[values[position]].Counts.Tables[t][i] : 0;
                }
            }

            Assert.Equal(expected, summary.Counts.Tables[t]);
            Assert.True(expected.Sum() > 0);
        }

        Assert.Equal(
            Enumerable.Range(0, spec.Design.Dropped.Length).Select(k => Enumerable.Range(0, spec.Design.Dropped[k].Groups.Length).Select(g => regular.Skip(1).Sum(r => r.Counts.Dropped[k][g])).ToArray()),
            summary.Counts.Dropped.Select(d => d.ToArray()));
    }
}
