using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PrivacyShare.Internals;

namespace PrivacyShare.Releases.Manifest;

/// <summary>A time as the manifest writes it: UTC to the second, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal sealed class UtcSecondsJson : JsonConverter<DateTimeOffset>
{
    internal const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParseExact(reader.GetString(), Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw Throw.JsonValue($"expected a time written {Format}");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
