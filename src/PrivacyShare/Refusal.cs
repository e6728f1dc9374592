namespace PrivacyShare;

/// <summary>
/// Why an operation was refused, where a front end can offer its own way forward (a command line
/// names its flags; the library does not).
/// </summary>
public enum Refusal
{
    /// <summary>Any other reason; the message says how to proceed.</summary>
    Other,

    /// <summary>The output exists and replacing it was not allowed.</summary>
    OutputExists,

    /// <summary>The dataset has no privacy budget yet.</summary>
    NoBudget,

    /// <summary>No ledger exists at the path given: only setting a budget creates one.</summary>
    NoLedger,
}
