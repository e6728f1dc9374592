using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Ledger;

public sealed class PeriodChargesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static PeriodRange Months(string from, string to) => new(ArrestMonth.Parse(from), ArrestMonth.Parse(to));

    [Fact]
    public void PersonLevel_IsEveryPeriodsChargePlusTheMostChargedMonth()
    {
        var c = PeriodCharges.None
            .Add(Months("2009-01", "2009-01"), Rational.Parse("0.5"))
            .Add(Months("2009-02", "2009-02"), Rational.Parse("0.5"))
            .Add(Months("2009-01", "2009-12"), Rational.Parse("0.25")) // a summary over the year
            .Add(null, Rational.Parse("1/3"));

        // Disjoint months do not add up: a person's capped events spread over them (docs/calendar.md).
        Assert.Equal(Rational.Parse("1/3") + Rational.Parse("0.75"), c.PersonLevel);
        Assert.Equal(Rational.Parse("1/3") + Rational.Parse("0.25"), c.Of(ArrestMonth.Parse("2009-03")));
        Assert.Equal(Rational.Parse("1/3"), c.Of(ArrestMonth.Parse("2010-01")));
        Assert.Equal("every=1/3;2009-01..2009-02=0.75;2009-03..2009-12=0.25", c.ToString());
        Assert.Equal(c.ToString(), PeriodCharges.Parse(c.ToString()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("every=-1")]
    [InlineData("every=1;2009-01..2009-03")]
    [InlineData("every=1;2009-03..2009-01=1")]
    [InlineData("every=1;2009-01..2009-03=1;2009-03..2009-04=1")]
    [InlineData("every=1;2009-01..2009-03=0")]
    public void Parse_RefusesWhatToStringNeverWrites(string text) =>
        Assert.Throws<FormatException>(() => PeriodCharges.Parse(text));

    [Fact]
    public void Reserve_ChargesTheMonthsRead_AndRefusesOnlyWhereAMonthWouldGoOver()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
        ledger.SetBudget("d", Rational.One);
        for (var m = 1; m <= 12; m++)
        {
            var month = $"2009-{m:D2}";
            var r = ledger.Reserve("d", Rational.Parse("0.5"), Months(month, month), everyPeriod: false, _dir.File($"r{m}"));
            ledger.Publish(r.EntryId, "d", $"{m}", new string('a', 64));
            Assert.Equal(Rational.Parse("0.5"), r.CumulativeEpsilon); // twelve months, one person-level half
        }

        // A yearly summary at 0.5 fits; a second one does not, and is refused before any charge.
        var summary = ledger.Reserve("d", Rational.Parse("0.5"), Months("2009-01", "2009-12"), everyPeriod: false, _dir.File("y"));
        ledger.Publish(summary.EntryId, "d", "y", new string('b', 64));
        var e = Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.Parse("0.5"), Months("2009-06", "2010-01"), everyPeriod: false, _dir.File("z")));
        Assert.Contains("needs epsilon 0.5 on the months 2009-06 to 2010-01, but only 0 of 1 remains there", e.Message);

        // A one-shot release charges every period: nothing is left for it anywhere.
        Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.Parse("0.1"), Months("2011-01", "2011-12"), everyPeriod: true, _dir.File("o")));

        // 2010 is untouched by the calendar's charges so far.
        var next = ledger.Reserve("d", Rational.Parse("0.5"), Months("2010-01", "2010-01"), everyPeriod: false, _dir.File("n"));
        Assert.Equal(Rational.One, next.CumulativeEpsilon);
        var status = ledger.Status("d");
        Assert.Equal(Rational.One, status.Spent);
        Assert.Equal("every=0;2009-01..2009-12=1;2010-01..2010-01=0.5", status.Charges.ToString());
        Assert.Empty(ledger.VerifyChain());
    }

    [Fact]
    public void Reserve_NumbersReleasesAcrossEveryDatasetOfTheLedger()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
        ledger.SetBudget("a", new Rational(5, 1));
        ledger.SetBudget("b", new Rational(5, 1));
        var a1 = ledger.Reserve("a", Rational.One, _dir.File("a1"));
        ledger.Abandon(a1.EntryId);
        var b1 = ledger.Reserve("b", Rational.One, _dir.File("b1"));
        ledger.Publish(b1.EntryId, "b", "1", new string('a', 64));
        var a2 = ledger.Reserve("a", Rational.One, _dir.File("a2"));

        Assert.Equal([1L, 2L, 3L], [a1.LedgerSequence, b1.LedgerSequence, a2.LedgerSequence]);
        Assert.Equal([1L, 1L, 1L], [a1.Sequence, b1.Sequence, a2.Sequence]);
        var abandoned = Assert.Single(a2.AbandonedCharges);
        Assert.Null(abandoned.Months);
        Assert.Equal(Rational.One, abandoned.Epsilon);
        Assert.Equal(Rational.One, a2.AbandonedEpsilon);
        Assert.Equal(new Rational(2, 1), a2.CumulativeEpsilon);
        Assert.All(new[] { a1, b1, a2 }, r => Assert.Equal(File.ReadAllLines(_dir.File("l.db.key"))[0].Split(' ')[^1], r.LedgerKeyId));
    }

    [Fact]
    public void SetBudget_ARaiseNeedsAReason_AndTheNextReleaseCarriesEveryChangeSinceThePrevious()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
        ledger.SetBudget("d", new Rational(2, 1));
        var first = ledger.Reserve("d", Rational.One, _dir.File("r1"));
        ledger.Publish(first.EntryId, "d", "1", new string('a', 64));
        Assert.Equal([(null, new Rational(2, 1))], first.BudgetHistory.Select(b => ((Rational?)b.From, b.To)));

        var e = Assert.Throws<RefusedException>(() => ledger.SetBudget("d", new Rational(3, 1)));
        Assert.Contains("raising its budget from epsilon 2 to 3 needs a reason", e.Message);
        Assert.Throws<ArgumentException>(() => ledger.SetBudget("d", new Rational(3, 1), "two\nlines"));
        Assert.Throws<ArgumentException>(() => ledger.SetBudget("d", new Rational(3, 1), "   "));
        ledger.SetBudget("d", new Rational(3, 1), "council order 2010-17: a third year");
        ledger.SetBudget("d", Rational.Parse("2.5")); // lowering needs no reason

        var second = ledger.Reserve("d", Rational.One, _dir.File("r2"));
        Assert.Equal(2, second.BudgetHistory.Length);
        Assert.Equal((new Rational(2, 1), new Rational(3, 1), "council order 2010-17: a third year", true),
            (second.BudgetHistory[0].From, second.BudgetHistory[0].To, second.BudgetHistory[0].Reason, second.BudgetHistory[0].Raises));
        Assert.Equal((new Rational(3, 1), Rational.Parse("2.5"), (string?)null, false),
            (second.BudgetHistory[1].From, second.BudgetHistory[1].To, second.BudgetHistory[1].Reason, second.BudgetHistory[1].Raises));
        Assert.Empty(ledger.VerifyChain());
    }

    [Fact]
    public void ACalendarCharge_NamesItsStore_AndAChargeFromAnOlderStoreIsRefused()
    {
        using var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true);
        ledger.SetBudget("d", Rational.One);
        var month = Months("2009-01", "2009-01");
        var first = ledger.Reserve("d", Rational.Parse("0.1"), month, everyPeriod: false, _dir.File("a"), new CalendarCharge(new string('a', 64), null));
        ledger.Publish(first.EntryId, "d", "1", new string('1', 64));

        // A release that read the calendar before the first one was charged would overwrite its store.
        var e = Assert.Throws<RefusedException>(() => ledger.Reserve("d", Rational.Parse("0.1"), Months("2009-02", "2009-02"), everyPeriod: false, _dir.File("b"), new CalendarCharge(new string('b', 64), null)));
        var second = ledger.Reserve("d", Rational.Parse("0.1"), Months("2009-02", "2009-02"), everyPeriod: false, _dir.File("b"), new CalendarCharge(new string('b', 64), new string('a', 64)));
        ledger.Abandon(second.EntryId); // a crash after the charge: the store it wrote is the calendar's now

        Assert.Contains("another release of its calendar was charged while this one read the extract", e.Message);
        Assert.Equal(new string('b', 64), ledger.StoreOf("d"));
        Assert.Empty(ledger.VerifyChain());
    }
}
