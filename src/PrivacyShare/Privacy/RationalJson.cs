using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PrivacyShare.Internals;

namespace PrivacyShare.Privacy;

/// <summary>
/// The one way an exact number is read from JSON (specs, profiles, manifests) and written to it: a
/// JSON number's own text (<c>0.3</c> is 3/10, never the nearest double), or a string holding a decimal
/// or a fraction (<c>"1/3"</c>); written as such a string, which every reader keeps exact. Parsing is
/// <see cref="Rational.TryParse"/>, the same as the command line's.
/// </summary>
internal sealed class RationalJson : JsonConverter<Rational>
{
    /// <summary>How a value must be written, for error messages.</summary>
    public const string Expected = "an exact number: a JSON number such as 0.5 or 10, or a string such as \"1/3\" (no exponents)";

    /// <inheritdoc/>
    public override Rational Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = TokenText(ref reader) ?? throw Throw.JsonValue($"expected {Expected}");
        return Rational.TryParse(text, out var value) ? value : throw Throw.JsonValue($"'{text}' is not {Expected}");
    }

    /// <summary>The text an exact number is parsed from: a JSON number's own text, or a string's; null for any other token.</summary>
    public static string? TokenText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.String => reader.GetString() ?? "",
        _ => null,
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Rational value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <summary>Reads an exact number from a parsed document's element, by the same rules.</summary>
    /// <exception cref="FormatException">The element is not an exact number.</exception>
    public static Rational Read(JsonElement element) =>
        element.ValueKind is JsonValueKind.Number or JsonValueKind.String
        && Rational.TryParse(element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText(), out var value)
            ? value
            : throw Throw.NotAnExactNumber(element.GetRawText(), Expected);
}
