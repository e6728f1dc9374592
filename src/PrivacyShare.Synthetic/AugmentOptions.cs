using PrivacyShare.Import;

namespace PrivacyShare.Synthetic;

/// <summary>What <see cref="Augmenter.Run"/> completes, and where to.</summary>
public sealed class AugmentOptions
{
    /// <summary>The agency's export (an open-data file: real rows without identities or ICE fields).</summary>
    public required string InputPath { get; init; }

    /// <summary>The mapping of the export's columns; the canonical columns it gives no rule for are filled.</summary>
    public required ImportMapping Mapping { get; init; }

    /// <summary>The seed: the same export, mapping, seed, profile and version give a byte-identical extract.</summary>
    public required int Seed { get; init; }

    /// <summary>The canonical extract to write.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The profile whose rates and tables the synthetic values come from (default: the built-in one).</summary>
    public SyntheticProfile? Profile { get; init; }

    /// <summary>Replace an existing output file.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Progress for long runs.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }
}
