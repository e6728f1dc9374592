using System.Collections.Immutable;

namespace PrivacyShare.Releases.Packaging;

/// <summary>What <see cref="ReleaseVerifier.Verify"/> found.</summary>
public sealed record VerificationReport
{
    /// <summary>The release folder.</summary>
    public required string Directory { get; init; }

    /// <summary>Every problem found; empty when the release verifies.</summary>
    public required ImmutableArray<VerificationProblem> Problems { get; init; }

    /// <summary>The dataset named in the manifest, when it could be read.</summary>
    public string? Dataset { get; init; }

    /// <summary>The release version, when the manifest could be read.</summary>
    public string? Version { get; init; }

    /// <summary>The ledger sequence number, when the manifest could be read.</summary>
    public long? Sequence { get; init; }

    /// <summary>sha256 of datapackage.json, when it exists.</summary>
    public string? ManifestSha256 { get; init; }

    /// <summary>The manifest's previous-release hash.</summary>
    public string? Previous { get; init; }

    /// <summary>The signature's trusted comment, when the signature verifies.</summary>
    public string? TrustedComment { get; init; }

    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.IsEmpty;
}
