using nietras.SeparatedValues;

namespace PrivacyShare.Internals.Csv;

/// <summary>
/// Writes a CSV table with Sep: UTF-8 without BOM, LF line endings, RFC 4180 quoting where a value
/// needs it, and text cells that a spreadsheet would execute as a formula neutralized.
/// </summary>
internal sealed class CsvTableWriter : IDisposable
{
    private readonly TextWriter _text;
    private readonly SepWriter _sep;
    private char[] _scratch = new char[256];

    /// <summary>
    /// A table written to <paramref name="stream"/> (UTF-8, LF), header first, buffering
    /// <paramref name="bufferSize"/> characters (see <see cref="Utf8Text.CreateWriter"/>).
    /// </summary>
    public CsvTableWriter(Stream stream, IReadOnlyList<string> header, int bufferSize = 1 << 16)
    {
        _text = Utf8Text.CreateWriter(stream, bufferSize);
        _sep = Sep.New(',').Writer(o => o with { Escape = true }).To(_text, leaveOpen: true);
        _sep.Header.Add(header);
    }

    /// <summary>Starts a row; set every column, then dispose the row to write it.</summary>
    public SepWriter.Row NewRow() => _sep.NewRow();

    /// <summary>
    /// Sets a free-text cell. A leading <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return
    /// would make Excel, LibreOffice or Google Sheets run the cell as a formula (CSV injection,
    /// OWASP); such a cell is prefixed with an apostrophe, which spreadsheets show as text.
    /// </summary>
    public void SetText(SepWriter.Row row, int column, ReadOnlySpan<char> value)
    {
        if (!NeedsNeutralizing(value))
        {
            row[column].Set(value);
            return;
        }

        if (_scratch.Length < value.Length + 1)
        {
            _scratch = new char[value.Length + 1];
        }

        _scratch[0] = '\'';
        value.CopyTo(_scratch.AsSpan(1));
        row[column].Set(_scratch.AsSpan(0, value.Length + 1));
    }

    /// <summary>Sets a cell whose value PrivacyShare produced itself (a code, a date, a number).</summary>
    public static void SetValue(SepWriter.Row row, int column, ReadOnlySpan<char> value) => row[column].Set(value);

    /// <summary>True when a spreadsheet would treat <paramref name="value"/> as a formula.</summary>
    public static bool NeedsNeutralizing(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// Finishes the table (Sep writes the header here if no row was written) and flushes the text to
    /// the stream. The caller then commits the file.
    /// </summary>
    public void Complete()
    {
        _sep.Dispose();
        _text.Flush();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sep.Dispose();
        _text.Dispose();
    }
}
