namespace PrivacyShare.Pseudonymization;

/// <summary>What <see cref="O:PrivacyShare.Pseudonymization.Pseudonymizer.Run"/> wrote.</summary>
public sealed record PseudonymizeResult
{
    /// <summary>The output CSV.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The output's columns, in order.</summary>
    public required IReadOnlyList<string> OutputColumns { get; init; }

    /// <summary>The id of the key used (never the key).</summary>
    public required string KeyId { get; init; }

    /// <summary>Records read.</summary>
    public required long RecordsRead { get; init; }

    /// <summary>Records written.</summary>
    public required long RecordsWritten { get; init; }

    /// <summary>The re-identification risk report.</summary>
    public required RiskReport Risk { get; init; }

    /// <summary>The JSON report written, if any.</summary>
    public string? ReportPath { get; init; }

    /// <summary>What linking records into people found (null when the policy has no person identity).</summary>
    public IdentityLinkage? Linkage { get; init; }
}
