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
            throw Throw.JsonInvalid(source, e.LineNumber + 1, e.Path, what, cut > 0 ? message[..cut] : message, e);
        }
    }
}
