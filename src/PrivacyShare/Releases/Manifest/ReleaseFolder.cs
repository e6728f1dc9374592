using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// The one place that knows a release folder's layout: its file names, the size limits every reader
/// applies (far beyond what PrivacyShare writes, so that a hostile folder cannot exhaust memory), the
/// columns of measurements.csv and the format of its cell labels.
/// </summary>
internal static class ReleaseFolder
{
    /// <summary>The manifest.</summary>
    public const string ManifestFileName = "datapackage.json";

    /// <summary>The manifest's minisign signature.</summary>
    public const string SignatureFileName = "datapackage.json.minisig";

    /// <summary>The raw noisy measurements, for researchers who redo the estimation.</summary>
    public const string MeasurementsFileName = "measurements.csv";

    /// <summary>How the release was made, for readers.</summary>
    public const string MethodologyFileName = "METHODOLOGY.md";

    /// <summary>The release's page for readers.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>The most bytes of a datapackage.json any reader takes.</summary>
    public const long MaxManifestBytes = 16 << 20;

    /// <summary>The most bytes of a signature any reader takes.</summary>
    public const long MaxSignatureBytes = 64 << 10;

    /// <summary>The most bytes of any other file any reader takes.</summary>
    public const long MaxResourceBytes = 1L << 30;

    /// <summary>The columns of measurements.csv.</summary>
    public static IReadOnlyList<string> MeasurementColumns { get; } = ["table", "cell", "stages", "noisy_count", "noise_scale", "sequence"];

    /// <summary>measurements.csv's columns before each row named the release that drew it; still read.</summary>
    public static IReadOnlyList<string> MeasurementColumnsBeforeSequence { get; } = ["table", "cell", "stages", "noisy_count", "noise_scale"];

    /// <summary>A table's file.</summary>
    public static string TableFileName(string table) => table + ".csv";

    /// <summary>The manifest's sha256, as the ledger, the chain and the trusted comment name a release.</summary>
    /// <remarks>
    /// libsodium's SHA-256 (through NSec), which the signature check has loaded already: the .NET one would
    /// load OpenSSL (libssl, libcrypto and its configuration file) into every verify and query for this
    /// alone, a few milliseconds of a native verify's start.
    /// </remarks>
    public static string Sha256(ReadOnlySpan<byte> manifest)
    {
        Span<byte> digest = stackalloc byte[32];
        NSec.Cryptography.HashAlgorithm.Sha256.Hash(manifest, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// A cell's label in measurements.csv: <c>dimension=value</c> pairs in the table's column order,
    /// joined by ';' (empty for a dropped-records count, which has no cell).
    /// </summary>
    public static string CellLabel(IReadOnlyList<Dimension> dimensions, ReadOnlySpan<int> values)
    {
        var label = new StringBuilder();
        for (var d = 0; d < dimensions.Count; d++)
        {
            label.Append(d == 0 ? "" : ";").Append(dimensions[d].Name).Append('=').Append(dimensions[d].Values[values[d]]);
        }

        return label.ToString();
    }

    /// <summary>The manifest in <paramref name="folder"/>, read leniently, or null when it is missing, unreadable or not a manifest.</summary>
    public static (PackageManifest Manifest, byte[] Bytes)? TryReadManifest(string folder)
    {
        var (bytes, _, _) = Internals.IO.RegularFile.Read(Path.Combine(folder, ManifestFileName), MaxManifestBytes);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return ManifestJson.Read(bytes) is { } manifest ? (manifest, bytes) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
