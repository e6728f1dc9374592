using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// The serializer of <see cref="PackageManifest"/>, generated at compile time. Names are snake_case
/// except where the Frictionless specs use camelCase (marked on the members); a key given twice is
/// malformed, since readers would disagree on which value counts; unknown keys are allowed, as the
/// Data Package spec allows them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    WriteIndented = true)]
[JsonSerializable(typeof(PackageManifest))]
internal sealed partial class ManifestJson : JsonSerializerContext
{
    /// <summary>
    /// Reads a manifest: by <see cref="ManifestReader"/> when it is in the form a release writes, else
    /// by the serializer, whose result and errors are the reference.
    /// </summary>
    /// <exception cref="JsonException">It is not JSON, or a member has the wrong type; the message says where.</exception>
    public static PackageManifest? Read(ReadOnlySpan<byte> bytes) =>
        ManifestReader.TryRead(bytes, out var manifest) ? manifest : JsonSerializer.Deserialize(bytes, Default.PackageManifest);

    /// <summary>
    /// What is wrong, in the reader's words: where in the file, and either the JSON syntax error or
    /// that the value there has the wrong type (the serializer's own message names .NET types).
    /// </summary>
    public static string Describe(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var at = $"at {e.Path ?? "$"} (line {e.LineNumber + 1})";
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"the value {at} has the wrong type for a data package (a number, string, list or object where another is needed)";
        }

        return $"{Internals.IO.JsonFiles.Problem(e, Default.PackageManifest)} {at}";
    }

    /// <summary>The manifest's bytes: indented, ending with a line break.</summary>
    public static byte[] Write(PackageManifest manifest) => [.. JsonSerializer.SerializeToUtf8Bytes(manifest, Default.PackageManifest), (byte)'\n'];
}
