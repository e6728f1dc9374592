using PrivacyShare.Cli;

namespace PrivacyShare.Tests.Support;

/// <summary>Runs the real command line in-process and captures what it prints.</summary>
public static class Cli
{
    public static CliRun Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

public sealed record CliRun(int ExitCode, string Output, string Error);
