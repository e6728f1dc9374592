namespace PrivacyShare.Demo;

/// <summary>What <see cref="DemoPipeline.Run"/> did, step by step.</summary>
public sealed record DemoReport
{
    /// <summary>The folder holding every artefact.</summary>
    public required string Folder { get; init; }

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<DemoStep> Steps { get; init; }
}
