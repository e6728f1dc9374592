using System.Diagnostics;

namespace PrivacyShare.Benchmarks;

/// <summary>
/// Times a run's stages from its progress reports (synchronously, on the reporting thread): each
/// stage's time runs from its first report to the next stage's.
/// </summary>
internal sealed class StageClock : IProgress<PipelineProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Stage, TimeSpan Start)> _stages = [];

    public void Report(PipelineProgress value)
    {
        lock (_stages)
        {
            if (_stages.Count == 0 || _stages[^1].Stage != value.Stage)
            {
                _stages.Add((value.Stage, _clock.Elapsed));
            }
        }
    }

    /// <summary>"counting 1.10 s, charging the budget 0.01 s, ..." up to <paramref name="end"/>, the run's whole time.</summary>
    public string Describe(TimeSpan end) =>
        string.Join(", ", _stages.Select((s, i) => $"{s.Stage} {((i + 1 < _stages.Count ? _stages[i + 1].Start : end) - s.Start).TotalSeconds:F3} s"));
}
