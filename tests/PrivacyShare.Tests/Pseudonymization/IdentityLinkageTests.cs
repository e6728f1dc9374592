using PrivacyShare.Privacy;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>
/// One person is one person (docs/identity.md): records that share a normalized FBI number, or a
/// normalized name and date of birth, count against one contribution bound, however the clerks typed
/// them. Before linkage, a person whose FBI number was on some bookings only counted twice the bound.
/// </summary>
public sealed class IdentityLinkageTests : IDisposable
{
    private const int Bound = 6;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // One table of arrests by sex, bound 6: what counts is how many of a person's records are used.
    private static ReleaseSpec Spec(int bound = Bound) =>
        new ReleaseSpecBuilder("idtest", "T", "P")
            .Period(ArrestMonth.Parse("2008-10"), ArrestMonth.Parse("2010-06"))
            .Epsilon(Rational.One)
            .MaxRecordsPerPerson(bound)
            .Table("t", ["sex"], ["arrests"])
            .Build();

    private static string Row(int i, string fbi, string last = "GARCIA", string first = "JOSE", string dob = "1985-05-28") =>
        $"08-{i:D8},2009-0{1 + (i % 9)}-15,{last},{first},{dob},M,W,H,DO,{fbi},02119,B2,265/15A,X,1,N,N,N";

    public static TheoryData<string, string, string, string> Spellings => new()
    {
        // name of the case, then the second half's FBI number, last name and first name
        { "same FBI number", "12345678A", "GARCIA", "JOSE" },
        { "FBI number on some bookings only", "", "GARCIA", "JOSE" },
        { "FBI number with a dash", "12345678-A", "GARCIA", "JOSE" },
        { "FBI number with a space", "12345678 A", "GARCIA", "JOSE" },
        { "FBI number behind a byte-order mark", "\uFEFF12345678A", "GARCIA", "JOSE" },
        { "FBI number with a soft hyphen", "12345678\u00ADA", "GARCIA", "JOSE" },
        { "FBI number with a zero-width space", "1234\u200B5678A", "GARCIA", "JOSE" },
        { "no FBI number, name with accents", "", "GARCÍA", "JOSÉ" },
        { "no FBI number, first and last swapped", "", "JOSE", "GARCIA" },
        { "no FBI number, lower case and spaces", "", " garcia ", "jose" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void OnePersonsTwelveRecords_CountTheBound_HoweverTheyAreSpelled(string name, string fbi, string last, string first)
    {
        var rows = Enumerable.Range(0, 6).Select(i => Row(i, "12345678A"))
            .Concat(Enumerable.Range(6, 6).Select(i => Row(i, fbi, last, first)));
        var input = _dir.Write("in.csv", Extracts.Csv([.. rows]));

        var counts = ReleaseCounter.Count(Spec().Design, input);

        Assert.True(counts.RecordsUsed == Bound, $"{name}: {counts.RecordsUsed} records used, expected the bound {Bound}");
        Assert.Equal(12 - Bound, counts.DroppedByBound);
        Assert.Equal(1, counts.People);
    }

    [Fact]
    public void HyphenatedNames_AreOneNameWithOrWithoutTheHyphen()
    {
        var rows = Enumerable.Range(0, 6).Select(i => Row(i, "", "GARCIA-LOPEZ"))
            .Concat(Enumerable.Range(6, 6).Select(i => Row(i, "", "Garcia Lopez")));
        var counts = ReleaseCounter.Count(Spec().Design, _dir.Write("in.csv", Extracts.Csv([.. rows])));

        Assert.Equal(Bound, counts.RecordsUsed);
    }

    [Fact]
    public void LinkageIsTransitive_AcrossANameThatCarriesTwoFbiNumbers()
    {
        // 11111111A under name A, 22222222B under name B, and one booking joining 22222222B to name A:
        // one person, and the operator is told that a name and birth date carry two FBI numbers.
        var rows = Enumerable.Range(0, 4).Select(i => Row(i, "11111111A"))
            .Concat(Enumerable.Range(4, 4).Select(i => Row(i, "22222222B", "SMITH", "ANN")))
            .Append(Row(8, "22222222B"));
        var counts = ReleaseCounter.Count(Spec().Design, _dir.Write("in.csv", Extracts.Csv([.. rows])));

        Assert.Equal(1, counts.People);
        Assert.Equal(Bound, counts.RecordsUsed);
        Assert.Equal(1, counts.Linkage!.SeveralFbiNumbers);
        Assert.Equal(0, counts.Linkage.FbiWithSeveralBirthDates);
    }

    [Fact]
    public void AnFbiNumberWithTwoBirthDates_IsOnePerson_AndReported()
    {
        var rows = new[] { Row(0, "11111111A"), Row(1, "11111111A", dob: "1985-05-29"), Row(2, "33333333C", "LEE", "KIM") };
        var counts = ReleaseCounter.Count(Spec().Design, _dir.Write("in.csv", Extracts.Csv(rows)));

        Assert.Equal(2, counts.People);
        Assert.Equal(1, counts.Linkage!.FbiWithSeveralBirthDates);
        Assert.Equal(0, counts.Linkage.SeveralFbiNumbers);
    }

    [Fact]
    public void TwoStrangersMergedByNameAndBirthDate_MoveTheCountsByAtMostTwiceTheBound()
    {
        // The reverse error (docs/identity.md, "A merged identity"): P and Q share a name and birth date
        // and have no FBI number, so they are one identity. Removing P takes P's counted records out and
        // lets as many of Q's in: the table moves by up to 2B, and this data reaches it. A person who is
        // not merged moves it by at most B.
        var p = Enumerable.Range(0, Bound).Select(i => Row(i, "").Replace(",M,W,", ",F,W,"));
        var q = Enumerable.Range(Bound, Bound).Select(i => Row(i, ""));
        var other = Row(99, "77777777Z", "LEE", "KIM");
        var spec = Spec();

        var with = ReleaseCounter.Count(spec.Design, _dir.Write("with.csv", Extracts.Csv([.. p, .. q, other])));
        var withoutP = ReleaseCounter.Count(spec.Design, _dir.Write("without-p.csv", Extracts.Csv([.. q, other])));
        var withoutOther = ReleaseCounter.Count(spec.Design, _dir.Write("without-other.csv", Extracts.Csv([.. p, .. q])));

        Assert.Equal(2 * Bound, L1(with.Tables[0], withoutP.Tables[0]));
        Assert.True(L1(with.Tables[0], withoutOther.Tables[0]) <= Bound);
    }

    [Fact]
    public void Pseudonymize_GivesOnePersonIdToAPersonWhoseFbiNumberIsOnSomeBookingsOnly()
    {
        var rows = new[] { Row(0, ""), Row(1, "12345678-A"), Row(2, "\uFEFF12345678A", "García", "José"), Row(3, "", "JOSE", "GARCIA"), Row(4, "99999999Z", "LEE", "KIM") };
        var input = _dir.Write("in.csv", Extracts.Csv(rows));
        var keyPath = TestKeys.WriteVectorKey(_dir);
        using var key = PseudonymKey.Load(keyPath, TestKeys.NoPassphrase);

        var result = Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("out.csv"), Key = key });

        var ids = File.ReadAllLines(_dir.File("out.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Single(ids.Take(4).Distinct());
        Assert.NotEqual(ids[0], ids[4]);
        Assert.Equal(2, result.Linkage!.People);

        // The person's pseudonym is that of the smallest FBI number in the identity, in any row order.
        Assert.Equal(new PseudonymHasher(key, "person_id").Compute("12345678A"), ids[0]);
        var reversed = _dir.Write("rev.csv", Extracts.Csv([.. rows.Reverse()]));
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = reversed, OutputPath = _dir.File("rev-out.csv"), Key = key });
        Assert.Equal(ids[0], File.ReadAllLines(_dir.File("rev-out.csv"))[2].Split(',')[0]);
    }

    [Fact]
    public void ReleaseAndPseudonymize_AgreeOnWhoIsOnePerson_OnDataWithEveryTypingVariant()
    {
        var input = _dir.File("s.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 20_000, Seed = 5, OutputPath = input });
        var keyPath = TestKeys.WriteVectorKey(_dir);
        using var key = PseudonymKey.Load(keyPath, TestKeys.NoPassphrase);
        Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("p.csv"), Key = key });
        var spec = ReleaseSpec.Load(Specs.ExamplePath);

        var canonical = ReleaseCounter.Count(spec.Design, input);
        var pseudonymized = ReleaseCounter.Count(spec.Design, _dir.File("p.csv"));

        Assert.Equal(canonical.People, pseudonymized.People);
        Assert.Equal(canonical.Tables.SelectMany(t => t), pseudonymized.Tables.SelectMany(t => t));
        // The tests' own notion of a person finds the same people, give or take strangers who share a
        // name and birth date (merged by both).
        var truth = ArrestCsvReader.ReadAll(input).Select(People.Key).Distinct().Count();
        Assert.InRange(canonical.People, truth - 5, truth);
    }

    [Fact]
    public void ANameTooLongForAnIdentityKey_IsRefused_NamingItsLineAndColumn()
    {
        // 2,049 letters: one more than a key holds, written a character at a time.
        var input = _dir.Write("in.csv", Extracts.Csv(Row(0, "12345678A"), Row(1, "", last: new string('G', IdentityKeys.MaxLength + 1))));

        var e = Assert.Throws<InputException>(() => ReleaseCounter.Count(Spec().Design, input));

        Assert.Equal((3L, "last_name"), (e.Line, e.Column));
        Assert.Contains("too long to be part of a person identity", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIdentityError_IsReported_BeforeALaterRecordsBadField()
    {
        // One read checks fields and builds identity keys in the same batch; the first error in file
        // order is the one reported: line 3's name is too long for a key, line 4's date is no date.
        var input = _dir.Write("in.csv", Extracts.Csv(
            Row(0, "12345678A"),
            Row(1, "", last: new string('G', IdentityKeys.MaxLength + 1)),
            Row(2, "12345678A").Replace("2009-03-15", "2009-13-15", StringComparison.Ordinal)));

        var e = Assert.Throws<InputException>(() => ReleaseCounter.Count(Spec().Design, input, scratch: _dir.Path));

        Assert.Equal((3L, "last_name"), (e.Line, e.Column));
        Assert.Contains("too long to be part of a person identity", e.Problem, StringComparison.Ordinal);
        Assert.Equal(["in.csv"], _dir.Files());
    }

    [Fact]
    public void TheInputIsReadOnce_AndItsScratchFileLeavesNothing()
    {
        // Linking and counting share one read (issue #22): each record's facts wait in a scratch file
        // until every record is linked. A stream that cannot be read twice is enough, and the scratch
        // file is never in the folder, during the run or after it.
        var text = Extracts.Csv([.. Enumerable.Range(0, 3 * 2048).Select(i => Row(i, i % 2 == 0 ? $"{i / 4:D8}A" : "", last: $"P{i / 4}"))]);
        var reads = 0;
        var seen = new List<string>();

        var counts = ReleaseCounter.Count(Spec().Design,
            () => reads++ == 0 ? PrivacyShare.Internals.Csv.CsvTableReader.Open("in.csv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))) : throw new InvalidOperationException("read twice"),
            new Progress(() => seen.AddRange(_dir.Files())), scratch: _dir.Path);

        Assert.Equal(1, reads);
        Assert.Equal(3 * 2048 / 4, counts.People); // four records a person, two linked by FBI number
        Assert.Equal(3 * 2048, counts.RecordsUsed);
        Assert.Empty(seen);
        Assert.Empty(_dir.Files());
    }

    private sealed class Progress(Action report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report();
    }

    private static long L1(long[] a, long[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Sum();
}
