using PrivacyShare.Ledger;

namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// The release's accounting in plain sentences, shared by METHODOLOGY.md and the report, so that both
/// say the same: the person-level epsilon spent and the budget, every budget change since the previous
/// release with its reason, the months read and where the charge falls, and the release's place in its
/// ledger. Plain text: each writer escapes it for its own format.
/// </summary>
internal static class BudgetText
{
    public static IEnumerable<string> Sentences(Reservation spending)
    {
        yield return $"Including this release, every person's records in this dataset are protected at epsilon {spending.CumulativeEpsilon} in total, however many releases there are, of a budget of {spending.TotalBudget}: " +
            "the ledger refuses any release that would take any period above the budget.";
        foreach (var change in spending.BudgetHistory)
        {
            var because = string.IsNullOrWhiteSpace(change.Reason) ? "" : $", with the reason: \"{change.Reason}\"";
            yield return change.From is not { } from
                ? $"The budget was set to epsilon {change.To} on {change.At}{because}."
                : change.Raises
                    ? $"The budget was raised from epsilon {from} to {change.To} on {change.At}{because}. A raise loosens the protection: this and later releases may reveal more than the earlier ones promised."
                    : $"The budget was lowered from epsilon {from} to {change.To} on {change.At}{because}.";
        }

        yield return spending.ChargedToEveryPeriod
            ? $"This release reads the months {spending.Periods.Describe()}; as a one-shot release it is charged on every period, because its contribution bound is its own, not shared with other releases."
            : $"This release reads {spending.Periods.Describe()} and is charged on those months only, under the calendar's contribution bound shared across periods (docs/calendar.md).";
        yield return $"It is release {spending.Sequence} of this dataset and release {spending.LedgerSequence} of its ledger (all datasets, ledger key {spending.LedgerKeyId}).";
    }
}
