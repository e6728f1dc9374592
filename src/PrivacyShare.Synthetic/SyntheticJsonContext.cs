using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Serialization code for the profile file, generated at compile time, with the options of every
/// file users write (see PrivacyShare's SpecJsonContext): snake_case, no unknown or duplicate keys.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false,
    WriteIndented = true)]
[JsonSerializable(typeof(ProfileJson))]
internal sealed partial class SyntheticJsonContext : JsonSerializerContext;
