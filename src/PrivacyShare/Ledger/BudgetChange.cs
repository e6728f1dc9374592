using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>
/// One change of a dataset's budget, as a manifest states it: the total before (null when the budget was
/// first set), the total after, the operator's reason (required to raise one) and when (UTC).
/// </summary>
internal sealed record BudgetChange(Rational? From, Rational To, string? Reason, string At)
{
    /// <summary>Whether the change loosened the dataset's protection.</summary>
    public bool Raises => From is { } f && To > f;
}
