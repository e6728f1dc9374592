namespace PrivacyShare.Cli;

internal static class Program
{
    // The commands that never normalize text (no names, no identity keys): verification, queries, the
    // ledger and budgets, keys, noise. Only these may skip ICU.
    internal static readonly HashSet<string> WithoutLocale = new(StringComparer.Ordinal)
    {
        "verify", "verify-chain", "query", "ledger", "budget", "keygen", "noise", "--version", "--help", "-h", "-?",
    };

    private static int Main(string[] args)
    {
        // Loading ICU is a third of a native binary's start-up (8-12 ms of about 30, measured on 2 cores;
        // any first use of CultureInfo loads it) and an auditor's verify or query never needs it. Those
        // commands run in .NET's invariant-globalization mode, set before anything touches a culture.
        // Every command that reads names keeps ICU: Unicode normalization needs it, and refuses to run
        // without it (Normalization.EnsureAvailable).
        if (args.Length == 0 || WithoutLocale.Contains(args[0]))
        {
            AppContext.SetSwitch("System.Globalization.Invariant", true);
        }

        return CliApp.Run(args);
    }
}
