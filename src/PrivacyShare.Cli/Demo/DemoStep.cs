namespace PrivacyShare.Cli.Demo;

/// <summary>One step of the demo: what ran, the files it made, and what they show.</summary>
public sealed record DemoStep
{
    /// <summary>The command this step corresponds to, as a user would type it.</summary>
    public required string Command { get; init; }

    /// <summary>The files the step wrote.</summary>
    public required IReadOnlyList<string> Artefacts { get; init; }

    /// <summary>What the artefacts show, one sentence a line.</summary>
    public required IReadOnlyList<string> Findings { get; init; }
}
