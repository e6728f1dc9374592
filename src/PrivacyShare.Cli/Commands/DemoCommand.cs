using System.CommandLine;
using PrivacyShare.Cli.Demo;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare demo</c>: the whole pipeline on built-in defaults, in a fresh folder.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dir = new Option<string?>("--dir")
        {
            Description = "Folder for the artefacts; must be new or empty (default: a new temporary folder)",
            HelpName = "DIR",
        };
        var rows = Options.PositiveLong("--rows", "Number of synthetic arrests to start from", DemoPipeline.DefaultRows, max: 10_000_000);
        var command = new Command("demo", "Run the whole pipeline end to end on built-in synthetic data and show every artefact.")
        {
            dir, rows,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            var report = DemoPipeline.Run(parse.GetValue(dir), parse.GetValue(rows));
            stdout.WriteLine($"PrivacyShare demo in {report.Folder}");
            var n = 1;
            foreach (var step in report.Steps)
            {
                stdout.WriteLine();
                stdout.WriteLine($"{n++}. {step.Command}");
                foreach (var path in step.Artefacts)
                {
                    stdout.WriteLine($"   -> {path}");
                }

                foreach (var finding in step.Findings)
                {
                    stdout.WriteLine($"   {finding}");
                }
            }

            stdout.WriteLine();
            stdout.WriteLine("Open the release's report in a browser: the Boston questions answered, with charts and intervals:");
            stdout.WriteLine($"   {report.ReleaseReport}");
            stdout.WriteLine($"   (for example: xdg-open {report.ReleaseReport}, or open file://{report.ReleaseReport})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
