using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>A dataset's privacy budget: total, spent, remaining, and its releases.</summary>
public sealed record BudgetStatus
{
    /// <summary>The dataset.</summary>
    public required string Dataset { get; init; }

    /// <summary>The total budget, or null when none was set.</summary>
    public required Rational? Total { get; init; }

    /// <summary>The sum of the releases' epsilons, exact.</summary>
    public required Rational Spent { get; init; }

    /// <summary>Total minus spent; null without a budget.</summary>
    public Rational? Remaining => Total is { } t ? t - Spent : null;

    /// <summary>The releases, oldest first.</summary>
    public required ImmutableArray<LedgerEntry> Releases { get; init; }
}
