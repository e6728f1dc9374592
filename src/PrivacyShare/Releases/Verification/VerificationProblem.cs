namespace PrivacyShare.Releases.Verification;

/// <summary>One reason a release does not verify: the file it concerns and what is wrong.</summary>
public sealed class VerificationProblem
{
    internal VerificationProblem(string file, string reason)
    {
        File = file;
        Reason = reason;
    }

    /// <summary>The file, relative to the release folder.</summary>
    public string File { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Reason}";
}
