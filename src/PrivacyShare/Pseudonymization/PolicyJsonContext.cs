using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Serialization code for the policy file and the risk report, generated at compile time (the
/// reflection-based serializer spent about 50 ms of each command's start-up building it), with the
/// options of the files users write (see <see cref="Internals.IO.JsonFiles"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false, // a key given twice is an error, not "the last one wins"
    WriteIndented = true)]
[JsonSerializable(typeof(PolicyJson))]
[JsonSerializable(typeof(RiskStatistics))]
[JsonSerializable(typeof(ImmutableArray<RiskDriver>))]
[JsonSerializable(typeof(ImmutableArray<string>))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
