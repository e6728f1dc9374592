using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using nietras.SeparatedValues;

namespace PrivacyShare.Internals.Csv;

/// <summary>
/// Streams the rows of a comma-separated file with a header, on top of Sep. Sep splits the text; this
/// type adds what a records unit needs from a reader: strict UTF-8, a checked header, the same field
/// count on every row, RFC 4180 quoting enforced (Sep tolerates an unbalanced quote), and errors that
/// name the file, line and column. Memory is one row's worth, whatever the file's size.
/// </summary>
internal sealed class CsvTableReader : IDisposable
{
    // The header is the first row by definition. (Sep 0.17 numbers its first row from line 2.)
    private const long HeaderLine = 1;

    private readonly StreamReader _text;
    private readonly SepReader _sep;
    private readonly string[] _header;
    private readonly char[][] _unescaped;

    // Per column of the current row: the unescaped length of a quoted field, or -1 when the field was
    // not quoted and Sep's span is the value itself.
    private readonly int[] _unescapedLength;
    private bool _rowHasQuotes;
    private long _line;

    // Sep's MoveNext as a delegate made once: a method group converted per row allocates per row.
    private readonly Func<bool> _moveNext;

    private CsvTableReader(string path, StreamReader text, SepReader sep, string[] header, long headerLine)
    {
        Path = path;
        _text = text;
        _sep = sep;
        _header = header;
        _line = headerLine;
        _unescaped = new char[header.Length][];
        _unescapedLength = new int[header.Length];
        _moveNext = sep.MoveNext;
    }

    private Func<Stream>? _reopen;

    /// <summary>The path as the user gave it, for messages.</summary>
    public string Path { get; }

    /// <summary>The header's column names, in file order.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The 1-based line on which the current row starts.</summary>
    public long Line => _line;

    /// <summary>
    /// Opens <paramref name="path"/> and reads its header. Fails with an <see cref="InputException"/>
    /// for a missing, unreadable or empty file, a folder, or a header with an empty or repeated name.
    /// </summary>
    public static CsvTableReader Open(string path) => Open(path, OpenFile(path), () => File.OpenRead(path));

    /// <summary>
    /// Reads the table in <paramref name="stream"/> (which it then owns), naming <paramref name="path"/>
    /// in errors: for bytes already read and checked, so the file is not opened a second time.
    /// </summary>
    public static CsvTableReader Open(string path, Stream stream) =>
        Open(path, stream, stream is MemoryStream memory ? () => new MemoryStream(memory.ToArray()) : null);

    // reopen gives the bytes again from the start, to locate an invalid UTF-8 sequence; null when it cannot.
    private static CsvTableReader Open(string path, Stream stream, Func<Stream>? reopen)
    {
        StreamReader? text = null;
        SepReader? sep = null;
        var opened = false;
        try
        {
            // A buffer no longer than the bytes there are: verify and query read a release's 1-16 KB tables,
            // and a 64K byte and a 128K char buffer for each were fresh pages that a process this short
            // faults in one by one.
            var buffer = stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 256, 1 << 16) : 1 << 16;
            text = new StreamReader(stream, Utf8Text.StrictWithBom, detectEncodingFromByteOrderMarks: false, bufferSize: buffer);

            // Sep decodes its first buffer as soon as it is created, so decoding errors can surface here.
            sep = Decoding(path, reopen, 1, () => Sep.New(',').Reader(o => o with
            {
                HasHeader = false,
                DisableColCountCheck = true,
                DisableFastFloat = true,
                InitialBufferLength = Math.Min(o.InitialBufferLength, Math.Max(buffer, 1 << 10)), // Sep's own (24K) for a large file
            }).From(text));

            if (!Decoding(path, reopen, HeaderLine, sep.MoveNext))
            {
                throw Throw.CsvEmpty(path);
            }

            var row = sep.Current;
            var header = new string[row.ColCount];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var name = Unquote(row[i].Span).Trim().ToString();
                if (name.Length == 0)
                {
                    throw Throw.CsvHeaderFieldEmpty(path, HeaderLine, i + 1);
                }

                if (!seen.Add(name))
                {
                    throw Throw.CsvColumnTwice(path, HeaderLine, name);
                }

                header[i] = name;
            }

            var reader = new CsvTableReader(path, text, sep, header, HeaderLine) { _reopen = reopen };
            opened = true;
            return reader;
        }
        finally
        {
            if (!opened)
            {
                sep?.Dispose();
                text?.Dispose();
                stream.Dispose();
            }
        }
    }

    // A NUL, tab, line break or other control character has no place in an extract's field: it would
    // pass into outputs, or split a value in a tool downstream. The message says where, not what
    // (the field may hold a name).
    private void CheckControl(ReadOnlySpan<char> cell, int column)
    {
        var at = cell.IndexOfAnyInRange('\0', '\u001F');
        if (at < 0)
        {
            at = cell.IndexOf('\u007F');
        }

        if (at >= 0)
        {
            throw Error(column, $"contains the control character U+{(int)cell[at]:X4} at character {at + 1}; remove it (fields hold printable text only)");
        }
    }

    /// <summary>The index of <paramref name="column"/> in the header, or -1.</summary>
    public int IndexOf(string column) => Array.IndexOf(_header, column);

    /// <summary>
    /// Advances to the next data row, skipping blank lines. Throws <see cref="InputException"/> for a
    /// row with the wrong number of fields, a malformed quote or invalid UTF-8.
    /// </summary>
    public bool MoveNext()
    {
        while (true)
        {
            if (!Decoding(Path, _reopen, _line + 1, _moveNext))
            {
                return false;
            }

            var row = _sep.Current;
            _line = row.LineNumberFrom;
            if (row.ColCount == 1 && row[0].Span.IsEmpty)
            {
                continue;
            }

            // Quotes first: an unbalanced quote swallows the rest of the row (and of the file), which
            // would otherwise be misreported as a wrong field count. Most rows have no quote at all,
            // which one vectorized search of the row tells.
            Array.Fill(_unescapedLength, -1);
            _rowHasQuotes = row.Span.Contains('"');
            for (var i = 0; _rowHasQuotes && i < row.ColCount; i++)
            {
                var span = row[i].Span;
                if (span.Contains('"'))
                {
                    CheckQuoted(span, i < _header.Length ? _header[i] : null);
                    if (i < _header.Length)
                    {
                        StoreUnescaped(i, span);
                    }
                }
            }

            if (row.ColCount != _header.Length)
            {
                throw Throw.CsvFieldCount(Path, _line, row.ColCount, _header.Length);
            }

            return true;
        }
    }

    /// <summary>The current row's value in column <paramref name="index"/>, unquoted.</summary>
    public ReadOnlySpan<char> this[int index] =>
        _unescapedLength[index] >= 0
            ? _unescaped[index].AsSpan(0, _unescapedLength[index])
            : _sep.Current[index].Span;

    /// <summary>
    /// Appends the current row to <paramref name="batch"/>: the row's text is copied once and each
    /// cell recorded as a range of it, rather than one copy per cell.
    /// </summary>
    public void CopyRowTo(CellBatch batch)
    {
        var row = _sep.Current;
        if (_rowHasQuotes)
        {
            // Each field unescaped once, checked, then stored (an error discards the whole batch).
            var quoted = batch.AddRow(_line);
            for (var c = 0; c < _header.Length; c++)
            {
                var value = this[c];
                CheckControl(value, c);
                batch.Set(quoted, c, value);
            }

            return;
        }

        var text = row.Span;
        if (text.ContainsAnyInRange('\0', '\u001F') || text.Contains('\u007F'))
        {
            for (var c = 0; c < _header.Length; c++)
            {
                CheckControl(row[c].Span, c);
            }
        }

        var index = batch.AddRow(_line);
        var origin = batch.Append(text);
        ref var start = ref MemoryMarshal.GetReference(text);
        for (var c = 0; c < _header.Length; c++)
        {
            var cell = row[c].Span;
            var offset = (int)(Unsafe.ByteOffset(ref start, ref MemoryMarshal.GetReference(cell)) / sizeof(char));
            batch.SetRange(index, c, origin + offset, cell.Length);
        }
    }

    /// <summary>An error located at the current row and <paramref name="column"/>.</summary>
    public InputException Error(int column, string problem) => Throw.BadCell(Path, _line, _header[column], problem);

    /// <inheritdoc/>
    public void Dispose()
    {
        _sep.Dispose();
        _text.Dispose();
    }

    private void StoreUnescaped(int index, ReadOnlySpan<char> raw)
    {
        var inner = raw[1..^1];
        var buffer = _unescaped[index];
        if (buffer is null || buffer.Length < inner.Length)
        {
            buffer = _unescaped[index] = new char[Math.Max(inner.Length, 64)];
        }

        var n = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            buffer[n++] = inner[i];
            if (inner[i] == '"')
            {
                i++; // CheckQuoted guaranteed the pair.
            }
        }

        _unescapedLength[index] = n;
    }

    // RFC 4180 section 2: a field containing a quote is enclosed in quotes, and a quote inside it is
    // doubled. Anything else is a malformed field, never a guess.
    private void CheckQuoted(ReadOnlySpan<char> span, string? column)
    {
        if (span[0] != '"')
        {
            throw Throw.CsvQuoteInUnquotedField(Path, _line, column);
        }

        if (span.Length < 2 || span[^1] != '"' || !PairsBalanced(span[1..^1]))
        {
            throw Throw.CsvUnbalancedQuote(Path, _line, column);
        }
    }

    private static bool PairsBalanced(ReadOnlySpan<char> inner)
    {
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> span) =>
        span.Length >= 2 && span[0] == '"' && span[^1] == '"' ? span[1..^1] : span;

    private static T Decoding<T>(string path, Func<Stream>? reopen, long approximateLine, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException e)
        {
            if (reopen is null)
            {
                throw Throw.CsvNotUtf8(path, approximateLine, e);
            }

            using var again = reopen();
            var (line, column) = Utf8Text.LocateInvalidUtf8(again);
            throw Throw.CsvNotUtf8At(path, line, column, e);
        }
        catch (IOException e)
        {
            throw Throw.CsvReadFailed(path, approximateLine, e);
        }
        catch (NotSupportedException e)
        {
            // Sep's limit on one row (16 MiB): in an extract, almost always an unclosed quote that
            // swallows the rest of the file.
            throw Throw.CsvRowTooLong(path, approximateLine, e);
        }
    }

    private static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw Throw.IsAFolder(path, "give the path of a CSV file");
        }

        if (!File.Exists(path))
        {
            throw Throw.NoSuchFile(path);
        }

        IO.InputFiles.CheckRegular(path, "CSV");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Throw.PermissionDenied(path, e);
        }
        catch (IOException e)
        {
            throw Throw.Unreadable(path, e);
        }
    }
}
