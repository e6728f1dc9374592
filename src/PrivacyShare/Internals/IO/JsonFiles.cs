using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PrivacyShare.Internals.IO;

/// <summary>
/// Reads the JSON files users write (profiles, policies, release specs): snake_case names, unknown
/// fields refused (a typo must never fall back to a default silently), comments and trailing commas
/// tolerated (the options each file type's source-generated context declares), and every syntax error reported with its
/// line and field.
/// </summary>
internal static class JsonFiles
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
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            var field = e.Path is { } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : e.Path;
            throw Throw.JsonInvalid(source, e.LineNumber + 1, field, what, UnknownField(type, e.Path) ?? (cut > 0 ? message[..cut] : message), e);
        }
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

        var info = root;
        foreach (var segment in segments.Take(segments.Count - 1))
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

        return info.Kind == JsonTypeInfoKind.Object && !info.Properties.Any(x => x.Name == last)
            ? $"there is no such field {(segments.Count == 1 ? "at the top level" : "here")}; the fields are {string.Join(", ", info.Properties.Select(x => x.Name))}"
            : null;
    }

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
