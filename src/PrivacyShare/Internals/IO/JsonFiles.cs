using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PrivacyShare.Internals.IO;

/// <summary>
/// Reads the JSON files users write (profiles, policies, release specs): snake_case names, unknown
/// fields refused (a typo must never fall back to a default silently), comments and trailing commas
/// tolerated (the options each file type's source-generated context declares), and every syntax error reported with its
/// line and field.
/// </summary>
internal static partial class JsonFiles
{
    /// <summary>The largest JSON file a user may give (a spec, a policy, a profile): 1 MiB, hundreds of times what they hold.</summary>
    public const long MaxBytes = 1 << 20;

    /// <summary>Reads <paramref name="path"/>, a <paramref name="what"/>.</summary>
    /// <exception cref="InputException">The file is missing, a folder, or not valid for <typeparamref name="T"/>.</exception>
    public static T Read<T>(string path, JsonTypeInfo<T> type, string what, string? hint = null)
        where T : class
    {
        using var stream = new MemoryStream(InputFiles.ReadAll(path, what, MaxBytes, hint), writable: false);
        return Read(stream, type, path, what);
    }

    /// <summary>Reads a <paramref name="what"/> from <paramref name="stream"/>, named <paramref name="source"/> in errors.</summary>
    public static T Read<T>(Stream stream, JsonTypeInfo<T> type, string source, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(stream, type)
                ?? throw Throw.JsonNull(source, what);
        }
        catch (JsonException e)
        {
            var field = e.Path is { } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : e.Path;
            throw Throw.JsonInvalid(source, e.LineNumber + 1, field, what, Problem(e, type), e);
        }
    }

    /// <summary>
    /// The serializer's error in the file's own terms, without its location: an unknown field with the
    /// fields allowed, a value of the wrong kind with the kind the field takes, a field given twice. The
    /// serializer's wording names .NET types (System.Nullable`1[System.Int32], ...+PrivacyPart), so
    /// any message that still would is replaced by a plain one: no type name ever reaches a user.
    /// </summary>
    internal static string Problem(JsonException e, JsonTypeInfo type)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var problem = UnknownField(type, e.Path)
            ?? (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) ? WrongShape(type, e.Path) : null)
            ?? (message.StartsWith("Duplicate property", StringComparison.Ordinal) ? "is a duplicate: this field is given twice in one object; keep one" : null)
            ?? (cut > 0 ? message[..cut] : message);
        return DotNetName().IsMatch(problem) ? "this value is not of the kind this field takes; see the file's documentation" : problem;
    }

    /// <summary>
    /// When <paramref name="path"/> ends at a field that its object does not have (unknown fields are
    /// refused), the problem in the file's own terms: the field, and the fields that object takes,
    /// found by walking the type's JSON contract along the path. Null for any other error, so that no
    /// serializer wording with a .NET type name reaches the user.
    /// </summary>
    internal static string? UnknownField(JsonTypeInfo root, string? path)
    {
        var segments = Segments(path);
        if (segments is null || segments.Count == 0 || segments[^1] is not { } last)
        {
            return null;
        }

        return Walk(root, segments.Take(segments.Count - 1)) is { Kind: JsonTypeInfoKind.Object } info && !info.Properties.Any(x => x.Name == last)
            ? $"there is no such field {(segments.Count == 1 ? "at the top level" : "here")}; the fields are {string.Join(", ", info.Properties.Select(x => x.Name))}"
            : null;
    }

    /// <summary>
    /// When the value at <paramref name="path"/> is of the wrong kind (text where a number goes, an
    /// object where a list goes), what the field takes, in JSON's terms; the serializer's own words name
    /// the .NET type (System.Nullable`1[System.Int32]). Null when the field is not found or its values
    /// are read by a converter of ours, whose messages already say what is wrong.
    /// </summary>
    internal static string? WrongShape(JsonTypeInfo root, string? path)
    {
        if (Segments(path) is not { } segments || Walk(root, segments) is not { } info)
        {
            return null;
        }

        var shape = info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "a list in [ ]",
            JsonTypeInfoKind.Dictionary => "an object in { } of names and values",
            JsonTypeInfoKind.Object => $"an object in {{ }} with the fields {string.Join(", ", info.Properties.Select(x => x.Name))}",
            _ when info.Type == typeof(string) => "text in quotes",
            _ when info.Type == typeof(bool) => "true or false",
            _ when info.Type == typeof(int) || info.Type == typeof(long) => "a whole number",
            _ when info.Type == typeof(double) => "a number",
            _ => null,
        };
        return shape is null ? null : $"takes {shape} here";
    }

    // The contract of the value at the end of the path's segments; null where the path leaves it.
    private static JsonTypeInfo? Walk(JsonTypeInfo root, IEnumerable<string?> segments)
    {
        var info = root;
        foreach (var segment in segments)
        {
            var next = info.Kind switch
            {
                JsonTypeInfoKind.Object when segment is not null => info.Properties.FirstOrDefault(x => x.Name == segment)?.PropertyType,
                JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary => info.ElementType,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }

            info = info.Options.GetTypeInfo(Nullable.GetUnderlyingType(next) ?? next);
        }

        return info;
    }

    // A .NET type's name in a serializer's message (System.Int32, PrivacyShare.Releases.X+Y): never shown.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:System|PrivacyShare)\.[A-Z]", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex DotNetName();

    // "$.tables[0].note" as ["tables", null, "note"] (null for an array index); "$['a b']" as ["a b"].
    private static List<string?>? Segments(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<string?>();
        for (var i = 1; i < path.Length;)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(null);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }
}
