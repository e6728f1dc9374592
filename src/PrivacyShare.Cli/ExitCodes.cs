namespace PrivacyShare.Cli;

/// <summary>The process exit codes, documented in the README's reference.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The command line is wrong: unknown option, missing or invalid value.</summary>
    public const int Usage = 1;

    /// <summary>An input file is missing, unreadable or malformed; nothing was written.</summary>
    public const int BadInput = 2;

    /// <summary>Refused for safety: an output exists, a key file is readable by others, a budget would be overspent.</summary>
    public const int Refused = 3;

    /// <summary>verify: the release (or chain, or ledger) does not verify.</summary>
    public const int Invalid = 4;

    /// <summary>A bug in PrivacyShare; please report it.</summary>
    public const int Internal = 70;

    /// <summary>Reading or writing failed for a reason outside the input: a full disk, an I/O error. Nothing partial was left.</summary>
    public const int IoFailure = 5;
}
