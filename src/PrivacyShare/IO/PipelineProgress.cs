namespace PrivacyShare.IO;

/// <summary>
/// Where a long run is: its stage ("counting", "pseudonymizing") and the rows done so far in that stage.
/// Reported through <see cref="IProgress{T}"/> from a worker thread, a few times a second at most; the
/// library prints nothing itself.
/// </summary>
/// <param name="Stage">What the run is doing.</param>
/// <param name="Rows">Rows done in this stage (0 for a stage that is not about rows).</param>
public readonly record struct PipelineProgress(string Stage, long Rows);
