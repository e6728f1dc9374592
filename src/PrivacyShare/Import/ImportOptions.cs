namespace PrivacyShare.Import;

/// <summary>What <see cref="Importer.Run"/> reads and writes.</summary>
public sealed record ImportOptions
{
    /// <summary>The agency's export (CSV with a header row).</summary>
    public required string InputPath { get; init; }

    /// <summary>The mapping from the export's layout to the canonical extract.</summary>
    public required ImportMapping Mapping { get; init; }

    /// <summary>The canonical extract to write; null to check only (nothing is written).</summary>
    public string? OutputPath { get; init; }

    /// <summary>Replace <see cref="OutputPath"/> if it exists.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Progress while reading.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }
}
