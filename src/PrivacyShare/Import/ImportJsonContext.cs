using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivacyShare.Import;

/// <summary>
/// Serialization code for the mapping file, generated at compile time, with the options of the files
/// users write (see <see cref="Internals.IO.JsonFiles"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ImportMappingJson))]
internal sealed partial class ImportJsonContext : JsonSerializerContext;
