using System.CommandLine;

namespace PrivacyShare.Cli;

/// <summary>
/// Runs a command's body and turns the library's errors into one line on stderr and an exit code.
/// The library's messages are written for users, so they are shown as they are.
/// </summary>
internal static class CommandAction
{
    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (InputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (RefusedException e)
        {
            error.WriteLine($"refused: {e.Message}{Remedy(e.Reason)}");
            return ExitCodes.Refused;
        }
        catch (IOException e)
        {
            // A full disk, a missing path, a failing device: every output is written to a temporary file
            // first, so nothing partial is left; a release's message says whether its budget was charged.
            error.WriteLine($"error: input/output failed: {e.Message}{(IsDiskFull(e) ? " (the disk is full)" : "")}; nothing partial was left");
            return ExitCodes.IoFailure;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"error: permission denied: {e.Message}; nothing partial was left");
            return ExitCodes.IoFailure;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {StripParameter(e)}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (MissingLibrary(e) is { } missing)
        {
            // The native binary loads libsodium (signatures, through NSec) and libe_sqlite3 (the ledger)
            // from its own folder: a binary copied without them is an installation fault, not a bug.
            error.WriteLine($"error: a native library privacyshare needs could not be loaded: {missing}. The native binary needs libsodium.so and libe_sqlite3.so in its own folder: copy the whole publish folder, not the binary alone");
            return ExitCodes.Internal;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            error.WriteLine("This is a bug in PrivacyShare; please report it with the command you ran (see SECURITY.md for sensitive reports).");
            return ExitCodes.Internal;
        }
    }

    // A library that failed to load, anywhere in the chain (a type initializer wraps SQLite's), or NSec's
    // own report that it could not load libsodium.
    private static string? MissingLibrary(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DllNotFoundException)
            {
                // The runtime's message goes on to advise strace and LD_DEBUG over several lines.
                var message = inner.Message.Split('\n')[0];
                var advice = message.IndexOf(" In order to help", StringComparison.Ordinal);
                return (advice > 0 ? message[..advice] : message).TrimEnd('.', ' ');
            }

            if (inner is PlatformNotSupportedException && inner.Message.Contains("NSec", StringComparison.Ordinal))
            {
                return "libsodium (NSec could not initialize its platform-specific components)";
            }
        }

        return null;
    }

    // ENOSPC (28) or EDQUOT (122): only then is the disk the cause worth naming.
    private static bool IsDiskFull(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        && ((e.HResult & 0xFFFF) is 28 or 122 || e.Message.Contains("No space left", StringComparison.Ordinal) || e.Message.Contains("quota", StringComparison.OrdinalIgnoreCase));

    // ArgumentException appends " (Parameter 'x')", which is noise to a command-line user.
    private static string StripParameter(ArgumentException e)
    {
        var message = e is ArgumentOutOfRangeException { ActualValue: not null } range
            ? range.Message.Split(Environment.NewLine)[0]
            : e.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    // The library says what is wrong; the command line names the flag or command that fixes it.
    private static string Remedy(Refusal reason) => reason switch
    {
        Refusal.OutputExists => " (--force replaces an earlier output)",
        Refusal.NoBudget => ": privacyshare budget set --dataset D --epsilon E",
        Refusal.NoLedger => " (privacyshare budget set --dataset D --epsilon E --ledger PATH creates it)",
        _ => "",
    };
}
