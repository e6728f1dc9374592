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

    /// <summary>Every epsilon charged, exact: published releases, abandoned ones and open ones.</summary>
    public required Rational Spent { get; init; }

    /// <summary>Total minus spent; null without a budget.</summary>
    public Rational? Remaining => Total is { } t ? t - Spent : null;

    /// <summary>The published releases (publish entries, and format-1 release entries), oldest first.</summary>
    public required ImmutableArray<LedgerEntry> Releases { get; init; }

    /// <summary>Reservations neither published nor abandoned yet: a release in progress, or one that crashed.</summary>
    public ImmutableArray<LedgerEntry> Open { get; init; } = [];

    /// <summary>Epsilon charged to releases abandoned since the last published one: the next release states it.</summary>
    public Rational AbandonedSinceLastRelease { get; init; } = Rational.Zero;
}
