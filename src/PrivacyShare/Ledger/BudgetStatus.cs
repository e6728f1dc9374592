using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Ledger;

/// <summary>A dataset's privacy budget: total, spent, remaining, and its releases.</summary>
public sealed class BudgetStatus
{
    /// <summary>The dataset.</summary>
    public string Dataset { get; internal init; } = "";

    /// <summary>The total budget, or null when none was set.</summary>
    public Rational? Total { get; internal init; }

    /// <summary>
    /// The person-level epsilon spent, exact, by published releases, abandoned ones and open ones: what
    /// every period has been charged plus the most-charged month (docs/calendar.md).
    /// </summary>
    public Rational Spent { get; internal init; }

    /// <summary>What each period has been charged.</summary>
    internal PeriodCharges Charges { get; init; } = PeriodCharges.None;

    /// <summary>Every budget entry of the dataset, oldest first, with its reason.</summary>
    internal ImmutableArray<LedgerEntry> Budgets { get; init; } = [];

    /// <summary>Total minus spent; null without a budget.</summary>
    public Rational? Remaining => Total is { } t ? t - Spent : null;

    /// <summary>The published releases (publish entries, and format-1 release entries), oldest first.</summary>
    internal ImmutableArray<LedgerEntry> Releases { get; init; } = [];

    /// <summary>How many releases of the dataset are published.</summary>
    public int ReleaseCount => Releases.Length;

    /// <summary>Reservations neither published nor abandoned yet: a release in progress, or one that crashed.</summary>
    internal ImmutableArray<LedgerEntry> Open { get; init; } = [];

    /// <summary>Epsilon charged to releases abandoned since the last published one: the next release states it.</summary>
    internal Rational AbandonedSinceLastRelease { get; init; } = Rational.Zero;
}
