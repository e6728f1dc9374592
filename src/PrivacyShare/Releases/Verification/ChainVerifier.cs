using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Signing;

namespace PrivacyShare.Releases.Verification;

/// <summary>
/// Verifies a sequence of releases of one dataset: each release on its own, and each against its
/// predecessor (the <c>previous</c> hash, sequence numbers one apart, cumulative epsilon). Detects a
/// replaced release (a broken hash), a missing one (a gap or a broken hash) and a reordering.
/// </summary>
internal static class ChainVerifier
{
    /// <summary>
    /// Verifies <paramref name="directories"/>: in the given order when <paramref name="inGivenOrder"/>
    /// (it must be the publication order), else ordered by the sequence numbers their manifests state.
    /// Each release is verified once, against its predecessor.
    /// </summary>
    public static ImmutableArray<VerificationReport> Verify(IReadOnlyList<string> directories, SigningPublicKey key, bool inGivenOrder)
    {
        ArgumentNullException.ThrowIfNull(directories);
        IReadOnlyList<string> ordered = inGivenOrder
            ? directories
            : [.. directories.OrderBy(d => ReleaseFolder.TryReadManifest(d)?.Manifest.Privacy?.Sequence ?? long.MaxValue).ThenBy(d => d, StringComparer.Ordinal)];
        var reports = new List<VerificationReport>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var report = ReleaseVerifier.Verify(ordered[i], key, i == 0 ? null : ordered[i - 1]);
            var extra = new List<VerificationProblem>();
            if (i > 0 && report.Sequence <= reports[i - 1].Sequence)
            {
                extra.Add(new VerificationProblem(ReleaseFolder.ManifestFileName,
                    $"has sequence {report.Sequence} but comes after sequence {reports[i - 1].Sequence}: the releases are out of order"));
            }

            if (i == 0 && report.Sequence is > 1)
            {
                extra.Add(new VerificationProblem(ReleaseFolder.ManifestFileName, $"has sequence {report.Sequence}: releases 1 to {report.Sequence - 1} of this dataset are missing from the chain"));
            }

            if (i == 0 && report.Sequence == 1 && !string.IsNullOrEmpty(report.Previous))
            {
                extra.Add(new VerificationProblem(ReleaseFolder.ManifestFileName, "is the first release but names a previous one"));
            }

            reports.Add(extra.Count == 0 ? report : report.With(extra));
        }

        return [.. reports];
    }

    /// <summary>The releases named on a command line (<see cref="Expand"/>), verified as a chain.</summary>
    /// <exception cref="InputException">A single folder given is not a release and holds none.</exception>
    internal static ImmutableArray<VerificationReport> VerifyGiven(IReadOnlyList<string> given, SigningPublicKey key)
    {
        var (folders, inGivenOrder) = Expand(given);
        return Verify(folders, key, inGivenOrder);
    }

    /// <summary>
    /// The release folders named on a command line: several folders, or one folder holding release
    /// folders (hidden folders, such as a crashed release's staging folder, are not releases and are
    /// skipped). True in <c>inGivenOrder</c> when the folders were named one by one.
    /// </summary>
    /// <exception cref="InputException">A single folder given is not a release and holds none.</exception>
    internal static (IReadOnlyList<string> Folders, bool InGivenOrder) Expand(IReadOnlyList<string> given)
    {
        if (given.Count != 1 || File.Exists(Path.Combine(given[0], ReleaseFolder.ManifestFileName)))
        {
            return (given, true);
        }

        string[] releases = Directory.Exists(given[0])
            ? [.. Directory.GetDirectories(given[0]).Where(d => !Path.GetFileName(d).StartsWith('.') && File.Exists(Path.Combine(d, ReleaseFolder.ManifestFileName))).Order(StringComparer.Ordinal)]
            : [];
        return releases.Length > 0
            ? (releases, false)
            : throw Throw.NotARelease(given[0], "is not a release and holds no release folders (none has a datapackage.json)");
    }
}
