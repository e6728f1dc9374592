using System.Collections.Immutable;
using PrivacyShare.Signing;

namespace PrivacyShare.Releases.Packaging;

/// <summary>
/// Verifies a sequence of releases of one dataset: each release on its own, and each against its
/// predecessor (the <c>previous</c> hash, sequence numbers one apart, cumulative epsilon). Detects a
/// replaced release (a broken hash), a missing one (a gap or a broken hash) and a reordering.
/// </summary>
public static class ChainVerifier
{
    /// <summary>
    /// Verifies the releases named on a command line: several folders in publication order, or one
    /// folder holding release folders (then ordered by their sequence numbers; hidden folders, such as
    /// a crashed release's staging folder, are not releases and are skipped).
    /// </summary>
    /// <exception cref="InputException">A single folder given holds no release.</exception>
    public static ImmutableArray<VerificationReport> VerifyGiven(IReadOnlyList<string> given, SigningPublicKey key)
    {
        var holder = given.Count == 1 && !File.Exists(Path.Combine(given[0], DataPackage.FileName));
        if (!holder)
        {
            return Verify(given, key, inGivenOrder: true);
        }

        return Verify(ReleasesIn(given[0]), key, inGivenOrder: false);
    }

    /// <summary>The release folders inside <paramref name="holder"/>, by name; hidden ones (a crashed release's staging folder) are skipped.</summary>
    /// <exception cref="InputException">It holds none.</exception>
    internal static string[] ReleasesIn(string holder)
    {
        string[] releases = Directory.Exists(holder)
            ? [.. Directory.GetDirectories(holder).Where(d => !Path.GetFileName(d).StartsWith('.') && File.Exists(Path.Combine(d, DataPackage.FileName))).Order(StringComparer.Ordinal)]
            : [];
        return releases.Length > 0
            ? releases
            : throw Throw.Input(holder, null, null, "is not a release and holds no release folders (none has a datapackage.json)");
    }

    /// <summary>
    /// Verifies <paramref name="directories"/>: in the given order when <paramref name="inGivenOrder"/>
    /// (it must be the publication order), else sorted by sequence number.
    /// </summary>
    public static ImmutableArray<VerificationReport> Verify(IReadOnlyList<string> directories, SigningPublicKey key, bool inGivenOrder)
    {
        // Each release is verified once, against its predecessor; only a folder of releases needs a
        // first look at the sequence numbers to put them in order.
        IReadOnlyList<string> ordered = inGivenOrder
            ? directories
            : [.. directories.Select(d => (Dir: d, ReleaseVerifier.Verify(d, key).Sequence)).OrderBy(x => x.Sequence ?? long.MaxValue).Select(x => x.Dir)];
        var reports = new List<VerificationReport>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var report = ReleaseVerifier.Verify(ordered[i], key, i == 0 ? null : ordered[i - 1]);
            var extra = new List<VerificationProblem>();
            if (i > 0 && report.Sequence <= reports[i - 1].Sequence)
            {
                extra.Add(new VerificationProblem(DataPackage.FileName,
                    $"has sequence {report.Sequence} but comes after sequence {reports[i - 1].Sequence}: the releases are out of order"));
            }

            if (i == 0 && report.Sequence is > 1)
            {
                extra.Add(new VerificationProblem(DataPackage.FileName, $"has sequence {report.Sequence}: releases 1 to {report.Sequence - 1} of this dataset are missing from the chain"));
            }

            if (i == 0 && report.Sequence == 1 && !string.IsNullOrEmpty(report.Previous))
            {
                extra.Add(new VerificationProblem(DataPackage.FileName, "is the first release but names a previous one"));
            }

            reports.Add(report with { Problems = [.. report.Problems, .. extra] });
        }

        return [.. reports];
    }
}
