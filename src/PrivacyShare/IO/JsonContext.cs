using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Releases;

namespace PrivacyShare.IO;

/// <summary>
/// Serialization code for every JSON type PrivacyShare reads or writes, generated at compile time:
/// the reflection-based serializer spent about 50 ms of each command's start-up building it. The
/// options are those of the files users write (see <see cref="JsonFiles"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false, // a key given twice is an error, not "the last one wins"
    WriteIndented = true)]
[JsonSerializable(typeof(PolicyJson))]
[JsonSerializable(typeof(ReleaseSpecJson))]
[JsonSerializable(typeof(ReleaseSpecJson.PeriodPart), TypeInfoPropertyName = "ReleaseSpecPeriod")]
[JsonSerializable(typeof(RiskStatistics))]
[JsonSerializable(typeof(ImmutableArray<RiskDriver>))]
[JsonSerializable(typeof(ImmutableArray<string>))]
internal sealed partial class JsonContext : JsonSerializerContext;
