using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Verification;

/// <summary>
/// The per-period accounting a manifest states (docs/calendar.md), checked from the manifest alone and
/// along a chain: the person-level epsilon is what every period was charged plus the most-charged month;
/// this release's charges are the previous release's, plus the abandoned charges it states, plus its own;
/// the budget is the previous release's, changed only by the changes it states, each raise with a reason;
/// the ledger-wide sequence grows, under one ledger key.
/// </summary>
internal static class PeriodAccounting
{
    /// <summary>What one manifest states about its accounting, checked on its own; the auditor's notes on it.</summary>
    public static IEnumerable<string> Check(ManifestPrivacy privacy, Action<string, string> problem)
    {
        if (privacy.PeriodCharges is null)
        {
            // A manifest written before per-period charges: its cumulative epsilon is checked along the chain as a sum.
            yield break;
        }

        var file = ReleaseFolder.ManifestFileName;
        if (Charges(privacy.PeriodCharges) is not { } charges || Range(privacy.Periods) is not { } periods || privacy.ChargedTo is not ("every" or "read")
            || Abandoned(privacy) is not { } abandoned || privacy.LedgerSequence is not >= 1 || string.IsNullOrEmpty(privacy.LedgerKey))
        {
            problem(file, "its privacy property's periods, charged_to, period_charges, abandoned, ledger_sequence or ledger_key are missing or malformed");
            yield break;
        }

        if (privacy.CumulativeEpsilon is { } cumulative && cumulative != charges.PersonLevel)
        {
            problem(file, $"states cumulative epsilon {cumulative}, but its period charges give a person-level epsilon of {charges.PersonLevel} (every period's charge plus the most-charged month's)");
        }

        var own = privacy.Epsilon ?? Rational.Zero;
        if (privacy.ChargedTo == "every" ? charges.Everywhere < own : periods.Each().Any(m => charges.Of(m) < own))
        {
            problem(file, $"its period charges do not include this release's own epsilon {own} on {(privacy.ChargedTo == "every" ? "every period" : periods.Describe())}");
        }

        if (privacy.AbandonedEpsilon is { } sum && sum != PrivacyAccounting.Compose(abandoned.Select(a => a.Epsilon)))
        {
            problem(file, $"states abandoned epsilon {sum}, but its abandoned charges add up to {PrivacyAccounting.Compose(abandoned.Select(a => a.Epsilon))}");
        }

        var history = privacy.BudgetHistory ?? [];
        foreach (var change in history)
        {
            if (change.To is null || string.IsNullOrEmpty(change.At))
            {
                problem(file, "a budget_history entry lacks its new total or its time");
            }
            else if (change.From is { } from && change.To > from && string.IsNullOrWhiteSpace(change.Reason))
            {
                problem(file, $"its budget was raised from {from} to {change.To} at {change.At} without a reason");
            }
            else
            {
                yield return change.From is null
                    ? $"budget set to epsilon {change.To} at {change.At}{Because(change.Reason)}"
                    : $"budget {(change.To > change.From ? "RAISED" : "lowered")} from epsilon {change.From} to {change.To} at {change.At}{Because(change.Reason)}";
            }
        }

        for (var i = 1; i < history.Count; i++)
        {
            if (history[i].From != history[i - 1].To)
            {
                problem(file, $"its budget history does not follow on: {history[i - 1].To}, then a change from {history[i].From}");
            }
        }

        if (history.Count > 0 && history[^1].To != privacy.Budget)
        {
            problem(file, $"its budget history ends at {history[^1].To}, but it states a budget of {privacy.Budget}");
        }

        if (privacy.Sequence == 1 && privacy.LedgerSequence > 1)
        {
            yield return $"this dataset's first release is release {privacy.LedgerSequence} of its ledger: the ledger charged {privacy.LedgerSequence - 1} release(s) of other datasets before it; if they are over the same records, their epsilons add up";
        }
    }

    /// <summary>This manifest against the one before it in the chain.</summary>
    public static void CheckChain(ManifestPrivacy before, ManifestPrivacy privacy, Action<string, string> problem)
    {
        var file = ReleaseFolder.ManifestFileName;
        if (privacy.PeriodCharges is null || before.PeriodCharges is null)
        {
            if (privacy.PeriodCharges is not null)
            {
                return; // the first release with per-period charges after older ones: nothing to add up from
            }

            // Older manifests: charges add up as a sum.
            var abandoned = privacy.AbandonedEpsilon ?? Rational.Zero;
            var expectedCumulative = (before.CumulativeEpsilon ?? Rational.Zero) + abandoned + (privacy.Epsilon ?? Rational.Zero);
            if (privacy.CumulativeEpsilon != expectedCumulative)
            {
                problem(file, $"has cumulative epsilon {privacy.CumulativeEpsilon}, but the previous release's cumulative, plus {abandoned} abandoned since, plus this release's is {expectedCumulative}");
            }

            return;
        }

        if (Charges(before.PeriodCharges) is { } then && Charges(privacy.PeriodCharges) is { } now && Abandoned(privacy) is { } abandonedCharges
            && Range(privacy.Periods) is { } periods && privacy.Epsilon is { } epsilon)
        {
            var expected = abandonedCharges.Aggregate(then, (c, a) => c.Add(a.Months, a.Epsilon)).Add(privacy.ChargedTo == "every" ? null : periods, epsilon);
            if (expected.ToString() != now.ToString())
            {
                problem(file, $"states period charges {Describe(now)}, but the previous release's ({Describe(then)}), plus the abandoned charges it states, plus its own epsilon {epsilon} on {(privacy.ChargedTo == "every" ? "every period" : periods.Describe())}, give {Describe(expected)}");
            }
        }

        var history = privacy.BudgetHistory ?? [];
        if (history.Count == 0 && privacy.Budget != before.Budget)
        {
            problem(file, $"has a budget of {privacy.Budget}, the previous release {before.Budget}, but it states no budget change: the budget was changed without the ledger's record");
        }
        else if (history.Count > 0 && history[0].From != before.Budget)
        {
            problem(file, $"its budget history starts from {history[0].From?.ToString() ?? "no budget"}, but the previous release's budget was {before.Budget}");
        }

        if (privacy.LedgerKey != before.LedgerKey)
        {
            problem(file, $"was charged in the ledger with key {privacy.LedgerKey}, the previous release in the ledger with key {before.LedgerKey}: the ledger was replaced or started afresh, and its budget with it");
        }
        else if (privacy.LedgerSequence <= before.LedgerSequence)
        {
            problem(file, $"is release {privacy.LedgerSequence} of its ledger, the previous release {before.LedgerSequence}: ledger-wide numbers only grow, so the ledger was cut back or started afresh");
        }
    }

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $", because: {reason}";

    private static string Describe(PeriodCharges c) =>
        string.Join(", ", c.Runs().Select(r => $"{r.Epsilon} on {r.Months.Describe()}").Prepend($"{c.Everywhere} on every period"));

    private static PeriodRange? Range(ManifestPeriods? periods) =>
        periods is { From: { } from, To: { } to } && ArrestMonth.TryParse(from, out var f) && ArrestMonth.TryParse(to, out var t) && f <= t ? new PeriodRange(f, t) : null;

    private static PeriodCharges? Charges(ManifestPeriodCharges charges)
    {
        if (charges.Every is not { Sign: >= 0 } every)
        {
            return null;
        }

        var result = PeriodCharges.None.Add(null, every);
        foreach (var run in charges.Months ?? [])
        {
            if (run?.Epsilon is not { Sign: > 0 } epsilon || Range(run.Periods) is not { } months || months.Each().Any(result.ByMonth.ContainsKey))
            {
                return null;
            }

            result = result.Add(months, epsilon);
        }

        return result;
    }

    private static List<(PeriodRange? Months, Rational Epsilon)>? Abandoned(ManifestPrivacy privacy)
    {
        var list = new List<(PeriodRange?, Rational)>();
        foreach (var a in privacy.Abandoned ?? [])
        {
            if (a?.Epsilon is not { Sign: > 0 } epsilon || (a.Periods is not null && Range(a.Periods) is null))
            {
                return null;
            }

            list.Add((a.Periods is null ? null : Range(a.Periods), epsilon));
        }

        return list;
    }
}
