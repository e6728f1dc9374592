using System.Collections.Immutable;

namespace PrivacyShare.Import;

/// <summary>What an import found and did.</summary>
public sealed record ImportResult
{
    /// <summary>Rows read from the export.</summary>
    public required long Rows { get; init; }

    /// <summary>Every kind of problem, with counts and the first lines; empty when the export is usable.</summary>
    public required ImmutableArray<ImportProblem> Problems { get; init; }

    /// <summary>What each rule recoded or defaulted, and how often.</summary>
    public required ImmutableArray<ImportRuleCount> Changes { get; init; }

    /// <summary>True when the canonical extract was written (no problems, and an output was asked for).</summary>
    public required bool Written { get; init; }

    /// <summary>
    /// The canonical columns the mapping gives no rule for (<see cref="ImportMapping.Unmapped"/>); a
    /// check of such a mapping checks the others, and nothing can be written until each has a rule.
    /// </summary>
    public ImmutableArray<string> Unmapped { get; init; } = [];
}
