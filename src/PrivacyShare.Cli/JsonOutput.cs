using System.Text;
using System.Text.Json;

namespace PrivacyShare.Cli;

/// <summary>How every <c>--json</c> is printed: one indented UTF-8 document, then a newline.</summary>
internal static class JsonOutput
{
    /// <summary>Writes the document that <paramref name="write"/> builds to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
