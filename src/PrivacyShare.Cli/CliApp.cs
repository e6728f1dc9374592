using System.CommandLine;
using System.CommandLine.Help;
using PrivacyShare.Cli.Commands;

namespace PrivacyShare.Cli;

/// <summary>Builds the <c>privacyshare</c> command tree and runs it.</summary>
internal static class CliApp
{
    /// <summary>Runs the command line; output and error default to the console.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        // A named root (not RootCommand, which takes the assembly's name) so help shows what users type.
        var root = new Command(
            "privacyshare",
            "PrivacyShare: publish statistics about arrests and immigration enforcement without identifying anyone.\n" +
            "Synthetic data for testing, keyed pseudonyms, exact differential-privacy noise, signed releases.")
        {
            new HelpOption(),
            new VersionOption(),
            SynthCommand.Create(),
            KeygenCommand.Create(),
            PseudonymizeCommand.Create(),
            NoiseCommand.Create(),
            BudgetCommand.Create(),
            PlanCommand.Create(),
            ReleaseCommand.Create(),
            QueryCommand.Create(),
            ScoreCommand.Create(),
            VerifyCommand.Create(),
            VerifyCommand.CreateChain(),
            LedgerCommand.Create(),
            DemoCommand.Create(),
        };

        var configuration = new InvocationConfiguration
        {
            // Our actions catch what they expect; anything else is a bug and gets exit code 70.
            EnableDefaultExceptionHandler = false,
        };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return root.Parse(args).Invoke(configuration);
    }
}
