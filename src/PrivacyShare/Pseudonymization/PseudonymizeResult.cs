namespace PrivacyShare.Pseudonymization;

/// <summary>What <see cref="O:PrivacyShare.Pseudonymization.Pseudonymizer.Run"/> wrote.</summary>
public sealed class PseudonymizeResult
{
    /// <summary>The output CSV.</summary>
    public string OutputPath { get; internal init; } = "";

    /// <summary>The output's columns, in order.</summary>
    public IReadOnlyList<string> OutputColumns { get; internal init; } = [];

    /// <summary>The id of the key used (never the key).</summary>
    public string KeyId { get; internal init; } = "";

    /// <summary>Records read.</summary>
    public long RecordsRead { get; internal init; }

    /// <summary>Records written.</summary>
    public long RecordsWritten { get; internal init; }

    /// <summary>The re-identification risk report.</summary>
    internal RiskReport Risk { get; init; } = null!;

    /// <summary>The JSON report written, if any.</summary>
    public string? ReportPath { get; internal init; }

    /// <summary>What linking records into people found (null when the policy has no person identity).</summary>
    public IdentityLinkage? Linkage { get; internal init; }
}
