using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>What <see cref="Synthesizer.Run"/> wrote. Synthetic data: these counts identify nobody.</summary>
public sealed class SynthResult
{
    /// <summary>The CSV file written.</summary>
    public string OutputPath { get; internal init; } = "";

    /// <summary>The truth file written, if any.</summary>
    public string? TruthPath { get; internal init; }

    /// <summary>The profile used.</summary>
    public string Profile { get; internal init; } = "";

    /// <summary>The first month of the period.</summary>
    public ArrestMonth From { get; internal init; }

    /// <summary>The last month of the period.</summary>
    public ArrestMonth To { get; internal init; }

    /// <summary>The month the extract is as known at the end of (<see cref="SynthOptions.AsOf"/>), or null for the whole history as it ends.</summary>
    public ArrestMonth? AsOf { get; internal init; }

    /// <summary>Rows written.</summary>
    public long Rows { get; internal init; }

    /// <summary>Distinct people.</summary>
    public long People { get; internal init; }

    /// <summary>People with two or more arrests.</summary>
    public long PeopleWithRepeats { get; internal init; }

    /// <summary>Rows with an IDENT match.</summary>
    public long IdentMatches { get; internal init; }

    /// <summary>Rows with a detainer.</summary>
    public long Detainers { get; internal init; }

    /// <summary>Rows with a removal.</summary>
    public long Removals { get; internal init; }
}
