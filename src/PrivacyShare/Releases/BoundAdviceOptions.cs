using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>What <see cref="BoundAdvisor.Advise"/> measures, and from which ledger it charges.</summary>
public sealed class BoundAdviceOptions
{
    /// <summary>The default epsilon the measurement spends: 0.02, small beside a release's.</summary>
    public static readonly Rational DefaultEpsilon = new(1, 50);

    /// <summary>The release spec whose tables' bounds are advised (a one-shot spec).</summary>
    public required ReleaseSpec Spec { get; init; }

    /// <summary>The extract the release will read (canonical, or pseudonymized with person_id).</summary>
    public required string InputPath { get; init; }

    /// <summary>The epsilon the measurement spends, charged to the spec's dataset in the ledger first.</summary>
    public Rational Epsilon { get; init; } = DefaultEpsilon;

    /// <summary>The ledger (default: as a release finds it).</summary>
    public string? LedgerPath { get; init; }

    /// <summary>The ledger key (default: as a release finds it).</summary>
    public string? LedgerKeyPath { get; init; }

    /// <summary>Progress for long reads.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }
}
