namespace PrivacyShare.Cli.Demo;

/// <summary>What <see cref="DemoPipeline.Run"/> did, step by step.</summary>
public sealed record DemoReport
{
    /// <summary>The folder holding every artefact.</summary>
    public required string Folder { get; init; }

    /// <summary>The signed release's report.html: what to open in a browser.</summary>
    public required string ReleaseReport { get; init; }

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<DemoStep> Steps { get; init; }
}
