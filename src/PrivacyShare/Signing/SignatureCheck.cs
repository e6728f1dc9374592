namespace PrivacyShare.Signing;

/// <summary>The outcome of checking a minisign signature.</summary>
internal sealed record SignatureCheck
{
    private SignatureCheck()
    {
    }

    /// <summary>Whether the signature and its trusted comment are valid for the key.</summary>
    public bool IsValid { get; private init; }

    /// <summary>The trusted comment, when valid.</summary>
    public string? TrustedComment { get; private init; }

    /// <summary>Why the signature is invalid, as the end of a sentence that starts with the file name.</summary>
    public string? Problem { get; private init; }

    internal static SignatureCheck Valid(string trustedComment) => new() { IsValid = true, TrustedComment = trustedComment };

    internal static SignatureCheck Invalid(string problem) => new() { IsValid = false, Problem = problem };
}
