using System.Buffers;

namespace PrivacyShare.Internals.Csv;

/// <summary>
/// CSV rows formatted and encoded as UTF-8 on the thread that makes them, by the rules of
/// <see cref="CsvTableWriter"/>: LF line endings, RFC 4180 quoting only where a value needs it (a
/// comma, quote, CR or LF; quotes doubled), and text cells a spreadsheet would run as a formula
/// prefixed with an apostrophe.
/// Batches of rows are formatted this way on all cores, so the thread that joins them in order only
/// copies bytes; a test holds the output byte-identical to Sep's.
/// </summary>
internal sealed class Utf8CsvRows
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    // Rows are laid out as text first and encoded once per batch: one vectorized transcoding of
    // the whole batch instead of a call per cell (15 million of them for 1M rows).
    private char[] _text = new char[1 << 18];
    private int _length;
    private byte[] _bytes = [];
    private int _encoded = -1;

    /// <summary>The UTF-8 bytes formatted since the last <see cref="Clear"/> (encoded now if <see cref="Encode"/> was not called).</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            Encode();
            return _bytes.AsSpan(0, _encoded);
        }
    }

    /// <summary>Encodes the rows formatted so far; call it on the formatting thread, so the reader of <see cref="Written"/> only copies.</summary>
    public void Encode()
    {
        if (_encoded >= 0)
        {
            return;
        }

        var text = _text.AsSpan(0, _length);
        var most = Utf8Text.NoBom.GetMaxByteCount(text.Length);
        if (_bytes.Length < most)
        {
            _bytes = new byte[Math.Max(2 * _bytes.Length, most)];
        }

        _encoded = Utf8Text.NoBom.GetBytes(text, _bytes);
    }

    public void Clear()
    {
        _length = 0;
        _encoded = -1;
    }

    /// <summary>Formats a header row: the names quoted as needed, never neutralized.</summary>
    public void WriteHeader(IReadOnlyList<string> names)
    {
        for (var c = 0; c < names.Count; c++)
        {
            WriteCell(names[c], first: c == 0, neutralize: false);
        }

        Append('\n');
    }

    /// <summary>Formats every cell of row <paramref name="row"/> of <paramref name="batch"/> as text.</summary>
    public void WriteRow(CellBatch batch, int row) => WriteRow(batch, row, default);

    /// <summary>
    /// Formats row <paramref name="row"/>, copying the cells of columns marked in
    /// <paramref name="plain"/> as they are: values the caller produced itself (codes, dates,
    /// pseudonyms), which can hold neither a CSV special character nor a formula's first character.
    /// </summary>
    public void WriteRow(CellBatch batch, int row, ReadOnlySpan<bool> plain) => WriteRow(batch, row, plain, default);

    /// <summary>As <see cref="WriteRow(CellBatch, int, ReadOnlySpan{bool})"/>, then <paramref name="last"/> as one more plain cell when it is not empty.</summary>
    public void WriteRow(CellBatch batch, int row, ReadOnlySpan<bool> plain, ReadOnlySpan<char> last)
    {
        for (var c = 0; c < batch.Columns; c++)
        {
            var value = batch.Get(row, c);
            if (c < plain.Length && plain[c])
            {
                WritePlain(value, first: c == 0);
            }
            else
            {
                WriteCell(value, first: c == 0, neutralize: true);
            }
        }

        if (!last.IsEmpty)
        {
            WritePlain(last, first: false);
        }

        Append('\n');
    }

    private void WritePlain(ReadOnlySpan<char> value, bool first)
    {
        if (_length + value.Length + 1 > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(2 * _text.Length, _length + value.Length + 1));
        }

        _encoded = -1;
        if (!first)
        {
            _text[_length++] = ',';
        }

        value.CopyTo(_text.AsSpan(_length));
        _length += value.Length;
    }

    private void WriteCell(ReadOnlySpan<char> value, bool first, bool neutralize)
    {
        // Worst case: a separator, every char doubled (a quote), two quotes and an apostrophe.
        if (_length + (2 * value.Length) + 4 > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(2 * _text.Length, _length + (2 * value.Length) + 4));
        }

        _encoded = -1;
        var text = _text;
        if (!first)
        {
            text[_length++] = ',';
        }

        var quoted = value.ContainsAny(NeedsQuotes);
        if (quoted)
        {
            text[_length++] = '"';
        }

        if (neutralize && CsvTableWriter.NeedsNeutralizing(value))
        {
            text[_length++] = '\'';
        }

        if (!quoted)
        {
            value.CopyTo(text.AsSpan(_length));
            _length += value.Length;
            return;
        }

        foreach (var c in value)
        {
            text[_length++] = c;
            if (c == '"')
            {
                text[_length++] = '"';
            }
        }

        text[_length++] = '"';
    }

    private void Append(char c)
    {
        if (_length == _text.Length)
        {
            Array.Resize(ref _text, 2 * _text.Length);
        }

        _text[_length++] = c;
        _encoded = -1;
    }
}
