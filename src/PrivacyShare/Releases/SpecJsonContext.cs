using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivacyShare.Releases;

/// <summary>
/// Serialization code for the release spec, generated at compile time, with the options of the files
/// users write (see <see cref="Internals.IO.JsonFiles"/>): snake_case, unknown fields refused, comments and
/// trailing commas tolerated, a key given twice an error.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ReleaseSpecJson))]
internal sealed partial class SpecJsonContext : JsonSerializerContext;
