namespace PrivacyShare.Pseudonymization;

/// <summary>What <see cref="Pseudonymizer.Run(PseudonymizeOptions)"/> should do.</summary>
public sealed class PseudonymizeOptions
{
    /// <summary>The input CSV (the canonical extract, or any CSV the policy describes).</summary>
    public required string InputPath { get; init; }

    /// <summary>The output CSV.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The key pseudonyms are computed under.</summary>
    public required PseudonymKey Key { get; init; }

    /// <summary>The policy; the built-in default when null.</summary>
    public PseudonymPolicy? Policy { get; init; }

    /// <summary>Where to write the risk report as JSON, if anywhere.</summary>
    public string? ReportPath { get; init; }

    /// <summary>Remove records in equivalence classes smaller than this (2 or more), when set.</summary>
    public int? MinK { get; init; }

    /// <summary>Whether existing output files may be replaced.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Told the rows done so far: stage "measuring risk" (the first pass, with --min-k), then "pseudonymizing".</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }
}
