using System.Collections.Immutable;

namespace PrivacyShare.Releases.Verification;

/// <summary>What <see cref="ReleaseVerifier.Verify"/> found.</summary>
public sealed class VerificationReport
{
    internal VerificationReport(string directory, IEnumerable<VerificationProblem> problems)
    {
        Directory = directory;
        Problems = [.. problems];
    }

    /// <summary>The release folder.</summary>
    public string Directory { get; }

    /// <summary>Every problem found; empty when the release verifies.</summary>
    public ImmutableArray<VerificationProblem> Problems { get; }

    /// <summary>The dataset named in the manifest, when it could be read.</summary>
    public string? Dataset { get; internal init; }

    /// <summary>The release version, when the manifest could be read.</summary>
    public string? Version { get; internal init; }

    /// <summary>The ledger sequence number, when the manifest could be read.</summary>
    public long? Sequence { get; internal init; }

    /// <summary>sha256 of datapackage.json, when it exists.</summary>
    public string? ManifestSha256 { get; internal init; }

    /// <summary>The manifest's previous-release hash.</summary>
    public string? Previous { get; internal init; }

    /// <summary>The signature's trusted comment, when the signature verifies.</summary>
    public string? TrustedComment { get; internal init; }

    /// <summary>
    /// What an auditor should read beside the result, in words: every change of the budget the release
    /// states (a raise with its reason), and a dataset whose first release came after other releases
    /// charged in the same ledger.
    /// </summary>
    public ImmutableArray<string> Notes { get; internal init; } = [];

    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.IsEmpty;

    /// <summary>This report with <paramref name="more"/> problems added (what the chain finds between releases).</summary>
    internal VerificationReport With(IEnumerable<VerificationProblem> more) => new(Directory, [.. Problems, .. more])
    {
        Dataset = Dataset,
        Version = Version,
        Sequence = Sequence,
        ManifestSha256 = ManifestSha256,
        Previous = Previous,
        TrustedComment = TrustedComment,
        Notes = Notes,
    };
}
