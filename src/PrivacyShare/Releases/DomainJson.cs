using System.Text.Json;
using System.Text.Json.Serialization;
using PrivacyShare.Internals;

namespace PrivacyShare.Releases;

/// <summary>
/// A declared domain as a spec spells it: a list of values (<c>"district": ["A1", "B2"]</c>), or an
/// object that also says whether a value outside the list gets an <c>OTHER</c> cell
/// (<c>"district": {"values": ["A1", "B2"], "other": false}</c>; false makes such a value an input error).
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class DomainJson
{
    public List<string>? Values { get; set; }

    public bool? Other { get; set; }

    /// <summary>Reads either spelling by hand: no reflection, so the native build needs nothing more.</summary>
    internal sealed class Converter : JsonConverter<DomainJson>
    {
        public override DomainJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                return new DomainJson { Values = Strings(ref reader) };
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Throw.JsonValue("a domain is a list of values, or {\"values\": [...], \"other\": true|false}");
            }

            var domain = new DomainJson();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "values" when domain.Values is null:
                        domain.Values = Strings(ref reader);
                        break;
                    case "other" when domain.Other is null && reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        domain.Other = reader.GetBoolean();
                        break;
                    default:
                        throw Throw.JsonValue($"'{name}' is not a field of a domain, or is given twice or with the wrong type; a domain has \"values\" (a list) and \"other\" (true or false)");
                }
            }

            return domain;
        }

        public override void Write(Utf8JsonWriter writer, DomainJson value, JsonSerializerOptions options) =>
            throw Throw.Bug("specs are read, never written");

        private static List<string> Strings(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Throw.JsonValue("\"values\" is a list of strings");
            }

            var values = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                values.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Throw.JsonValue("a domain's values are strings"));
            }

            return values;
        }
    }
}
