using System.Buffers;
using System.Text;

namespace PrivacyShare.Internals.Csv;

/// <summary>The text encodings PrivacyShare reads and writes.</summary>
internal static class Utf8Text
{
    /// <summary>
    /// Reading: strict UTF-8 that throws on invalid bytes instead of silently substituting U+FFFD
    /// (a corrupted name would otherwise get a different pseudonym without anyone noticing). Its
    /// non-empty preamble makes StreamReader skip a leading byte-order mark.
    /// </summary>
    public static readonly UTF8Encoding StrictWithBom = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>Writing: UTF-8 without a byte-order mark.</summary>
    public static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A writer for UTF-8 without BOM and LF line endings, on every platform, buffering
    /// <paramref name="bufferSize"/> characters (64K by default, for files of any size).
    /// </summary>
    public static StreamWriter CreateWriter(Stream stream, int bufferSize = 1 << 16) =>
        new(stream, NoBom, bufferSize, leaveOpen: true) { NewLine = "\n" };

    /// <summary>
    /// Finds the first invalid UTF-8 sequence in a file, as a 1-based line and byte column. Only used
    /// after the decoder has failed, so it can afford to read the file again from the start.
    /// </summary>
    public static (long Line, long Column) LocateInvalidUtf8(string path)
    {
        using var stream = File.OpenRead(path);
        return LocateInvalidUtf8(stream);
    }

    /// <summary>The same, for bytes read from <paramref name="stream"/> from its current position.</summary>
    public static (long Line, long Column) LocateInvalidUtf8(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long line = 1, column = 1;
        int carried = 0, read;
        while ((read = stream.Read(buffer, carried, buffer.Length - carried)) > 0 || carried > 0)
        {
            var span = buffer.AsSpan(0, carried + read);
            var final = read == 0;
            var i = 0;
            while (i < span.Length)
            {
                var result = Rune.DecodeFromUtf8(span[i..], out var rune, out var consumed);
                if (result == OperationStatus.NeedMoreData && !final)
                {
                    break;
                }

                if (result != OperationStatus.Done)
                {
                    return (line, column);
                }

                if (rune.Value == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column += consumed;
                }

                i += consumed;
            }

            carried = span.Length - i;
            span[i..].CopyTo(buffer);
            if (final)
            {
                break;
            }
        }

        return (line, column);
    }
}
