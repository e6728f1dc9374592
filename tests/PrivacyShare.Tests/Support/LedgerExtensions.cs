using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Tests.Support;

/// <summary>A one-shot charge over the example spec's months, as <c>Releaser</c> makes it, for tests of the ledger protocol itself.</summary>
internal static class LedgerExtensions
{
    public static PeriodRange ExampleMonths { get; } = new(ArrestMonth.Parse("2008-10"), ArrestMonth.Parse("2010-06"));

    public static Reservation Reserve(this BudgetLedger ledger, string dataset, Rational epsilon, string folder) =>
        ledger.Reserve(dataset, epsilon, ExampleMonths, everyPeriod: true, folder);
}
