using System.Text.Json;
using System.Text.Json.Serialization;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>
/// A spec's <c>privacy.dropped_share</c>: an exact number, read as every exact number is
/// (<see cref="RationalJson"/>), or <c>"auto"</c>, which chooses it by the expected interval widths
/// (<see cref="Design.DroppedShareChoice"/>). Read as a share with <c>Auto</c> false, or as
/// null with <c>Auto</c> true.
/// </summary>
internal sealed class DroppedShareJson : JsonConverter<DroppedShareJson.Setting>
{
    /// <summary>The setting: a given share, or auto.</summary>
    public readonly record struct Setting(Rational? Share, bool Auto);

    /// <inheritdoc/>
    public override Setting Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("auto"u8))
        {
            return new Setting(null, Auto: true);
        }

        var text = RationalJson.TokenText(ref reader) ?? throw Throw.JsonValue($"expected auto, or {RationalJson.Expected}");
        return Rational.TryParse(text, out var share) ? new Setting(share, Auto: false) : throw Throw.JsonValue($"'{text}' is not auto or {RationalJson.Expected}");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Setting value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Auto)
        {
            writer.WriteStringValue("auto");
        }
        else
        {
            writer.WriteStringValue(value.Share?.ToString());
        }
    }
}
