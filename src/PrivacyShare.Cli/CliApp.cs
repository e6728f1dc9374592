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
        // The help and version options read their descriptions from System.CommandLine's resources, whose
        // first use (reflection over its assembly) was about 0.5 ms of CPU before a native verify or query
        // could start. They are left out of a command line that cannot need them: one that names neither
        // and parses without error. Anything else (help, the version, a mistake, whose message shows help)
        // is parsed again with them, and gets what it always got.
        var parsed = Tree(args, standard: false).Parse(args);
        if (parsed.Errors.Count > 0 || args.Any(StandardOptions.Contains))
        {
            parsed = Tree(args, standard: true).Parse(args);
        }

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

        return parsed.Invoke(configuration);
    }

    // The tokens of the help and version options.
    private static readonly HashSet<string> StandardOptions = new(StringComparer.Ordinal) { "--help", "-h", "/h", "-?", "/?", "--version" };

    // The command tree for these arguments, with the help and version options when standard.
    private static Command Tree(string[] args, bool standard)
    {
        // A named root (not RootCommand, which takes the assembly's name) so help shows what users type.
        var root = new Command(
            "privacyshare",
            "PrivacyShare: publish statistics about arrests and immigration enforcement without identifying anyone.\n" +
            "Synthetic data for testing, keyed pseudonyms, exact differential-privacy noise, signed releases.");
        if (standard)
        {
            root.Options.Add(new HelpOption());
            root.Options.Add(new VersionOption());
        }

        // A command line that names a command builds only that one: the tree of every command and option
        // is a tenth of a native verify's start-up. Anything else (no command, a typo, help) builds all,
        // so help lists them and a typo gets its suggestions.
        var named = args.Length > 0 ? Commands.FirstOrDefault(c => c.Name == args[0]) : default;
        foreach (var (_, create) in named.Create is null ? Commands : [named])
        {
            root.Subcommands.Add(create());
        }

        return root;
    }

    // Every command, by the name users type, in the order help lists them.
    internal static readonly (string Name, Func<Command> Create)[] Commands =
    [
        ("synth", SynthCommand.Create),
        ("keygen", KeygenCommand.Create),
        ("import", ImportCommand.Create),
        ("pseudonymize", PseudonymizeCommand.Create),
        ("noise", NoiseCommand.Create),
        ("budget", BudgetCommand.Create),
        ("plan", PlanCommand.Create),
        ("release", ReleaseCommand.Create),
        ("query", QueryCommand.Create),
        ("score", ScoreCommand.Create),
        ("verify", VerifyCommand.Create),
        ("verify-chain", VerifyCommand.CreateChain),
        ("ledger", LedgerCommand.Create),
        ("demo", DemoCommand.Create),
    ];
}
