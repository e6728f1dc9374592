namespace PrivacyShare.Releases.Packaging;

/// <summary>One reason a release does not verify: the file it concerns and what is wrong.</summary>
/// <param name="File">The file, relative to the release folder.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record VerificationProblem(string File, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Reason}";
}
