using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PrivacyShare.Internals.IO;
using Spectre.Console;

namespace PrivacyShare.Cli;

/// <summary>
/// Progress of a long run on stderr, drawn by Spectre.Console: the stage, rows done and rows per second.
/// Only when stderr is a terminal, the run lasts more than a second, and --quiet was not given; it
/// clears itself at the end, so nothing is left between the command and its summary.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>A --quiet option for commands that show progress.</summary>
    public static Option<bool> QuietOption() => new("--quiet") { Description = "Show no progress on stderr (progress is shown only on a terminal, for runs over a second)" };

    /// <summary>Runs <paramref name="work"/>, showing its progress when <paramref name="stderr"/> is an interactive terminal.</summary>
    public static T Run<T>(TextWriter stderr, bool quiet, Func<IProgress<PipelineProgress>?, T> work)
    {
        if (quiet || !ReferenceEquals(stderr, Console.Error) || Console.IsErrorRedirected)
        {
            return work(null);
        }

        var latest = new Latest();
        var run = Task.Run(() => work(latest));
        if (run.Wait(Delay))
        {
            return run.GetAwaiter().GetResult();
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .AutoClear(true)
                .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
                .Start(context =>
                {
                    var task = context.AddTask(latest.Describe());
                    task.IsIndeterminate = true;
                    while (!run.Wait(TimeSpan.FromMilliseconds(200)))
                    {
                        task.Description = Markup.Escape(latest.Describe());
                        context.Refresh();
                    }
                });
        }

        return run.GetAwaiter().GetResult();
    }

    // The last report, and the rate since its stage began; written by a worker, read by the display.
    private sealed class Latest : IProgress<PipelineProgress>
    {
        private readonly Stopwatch _stage = Stopwatch.StartNew();
        private PipelineProgress _now = new("starting", 0);

        public void Report(PipelineProgress value)
        {
            lock (_stage)
            {
                if (value.Stage != _now.Stage)
                {
                    _stage.Restart();
                }

                _now = value;
            }
        }

        public string Describe()
        {
            lock (_stage)
            {
                if (_now.Rows == 0)
                {
                    return _now.Stage;
                }

                var rate = _now.Rows / Math.Max(_stage.Elapsed.TotalSeconds, 1e-3);
                return string.Create(CultureInfo.InvariantCulture, $"{_now.Stage}: {_now.Rows:N0} rows, {rate:N0} rows/s");
            }
        }
    }
}
