using System.Buffers;

namespace PrivacyShare.Csv;

/// <summary>
/// CSV rows formatted straight into UTF-8 bytes, by the rules of <see cref="CsvTableWriter"/>: LF
/// line endings, RFC 4180 quoting only where a value needs it (a comma, quote, CR or LF; quotes
/// doubled), and text cells a spreadsheet would run as a formula prefixed with an apostrophe.
/// Batches of rows are formatted this way on all cores, so the thread that joins them in order only
/// copies bytes; a test holds the output byte-identical to Sep's.
/// </summary>
internal sealed class Utf8CsvRows
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    private byte[] _bytes = new byte[1 << 18];
    private int _length;

    /// <summary>The bytes formatted since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Formats a header row: the names quoted as needed, never neutralized.</summary>
    public void WriteHeader(IReadOnlyList<string> names)
    {
        for (var c = 0; c < names.Count; c++)
        {
            if (c > 0)
            {
                Append((byte)',');
            }

            WriteCell(names[c], neutralize: false);
        }

        Append((byte)'\n');
    }

    /// <summary>Formats every cell of row <paramref name="row"/> of <paramref name="batch"/> as text.</summary>
    public void WriteRow(CellBatch batch, int row)
    {
        for (var c = 0; c < batch.Columns; c++)
        {
            if (c > 0)
            {
                Append((byte)',');
            }

            WriteCell(batch.Get(row, c), neutralize: true);
        }

        Append((byte)'\n');
    }

    private void WriteCell(ReadOnlySpan<char> value, bool neutralize)
    {
        // Worst case: every char doubled (a quote) and 3 bytes each, plus quotes and apostrophe.
        Reserve((value.Length * 6) + 3);
        var quoted = value.ContainsAny(NeedsQuotes);
        if (quoted)
        {
            _bytes[_length++] = (byte)'"';
        }

        if (neutralize && CsvTableWriter.NeedsNeutralizing(value))
        {
            _bytes[_length++] = (byte)'\'';
        }

        if (!quoted)
        {
            _length += Utf8Text.NoBom.GetBytes(value, _bytes.AsSpan(_length));
            return;
        }

        for (var at = value.IndexOf('"'); at >= 0; at = value.IndexOf('"'))
        {
            _length += Utf8Text.NoBom.GetBytes(value[..(at + 1)], _bytes.AsSpan(_length));
            _bytes[_length++] = (byte)'"';
            value = value[(at + 1)..];
        }

        _length += Utf8Text.NoBom.GetBytes(value, _bytes.AsSpan(_length));
        _bytes[_length++] = (byte)'"';
    }

    private void Append(byte b)
    {
        Reserve(1);
        _bytes[_length++] = b;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, _length + bytes));
        }
    }
}
