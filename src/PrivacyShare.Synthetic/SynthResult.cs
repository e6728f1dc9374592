using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>What <see cref="Synthesizer.Run"/> wrote. Synthetic data: these counts identify nobody.</summary>
public sealed record SynthResult
{
    /// <summary>The CSV file written.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The truth file written, if any.</summary>
    public string? TruthPath { get; init; }

    /// <summary>The profile used.</summary>
    public required string Profile { get; init; }

    /// <summary>The first month of the period.</summary>
    public required ArrestMonth From { get; init; }

    /// <summary>The last month of the period.</summary>
    public required ArrestMonth To { get; init; }

    /// <summary>Rows written.</summary>
    public required long Rows { get; init; }

    /// <summary>Distinct people.</summary>
    public required long People { get; init; }

    /// <summary>People with two or more arrests.</summary>
    public required long PeopleWithRepeats { get; init; }

    /// <summary>Rows with an IDENT match.</summary>
    public required long IdentMatches { get; init; }

    /// <summary>Rows with a detainer.</summary>
    public required long Detainers { get; init; }

    /// <summary>Rows with a removal.</summary>
    public required long Removals { get; init; }
}
