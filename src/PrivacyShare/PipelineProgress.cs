namespace PrivacyShare;

/// <summary>
/// Where a long run is: its stage ("counting", "pseudonymizing") and the rows done so far in that stage.
/// Reported through <see cref="IProgress{T}"/> from a worker thread, a few times a second at most; the
/// library prints nothing itself.
/// </summary>
public readonly struct PipelineProgress
{
    /// <summary>A stage and the rows it has done.</summary>
    public PipelineProgress(string stage, long rows)
    {
        Stage = stage;
        Rows = rows;
    }

    /// <summary>What the run is doing.</summary>
    public string Stage { get; }

    /// <summary>Rows done in this stage (0 for a stage that is not about rows).</summary>
    public long Rows { get; }
}
