namespace PrivacyShare.Internals.Csv;

/// <summary>
/// A batch of rows of text cells in one reusable character arena: rows move between pipeline stages
/// without a string per cell. Batches are pooled, so memory stays bounded by the batches in flight.
/// </summary>
internal sealed class CellBatch
{
    public const int DefaultRows = 2048;

    private char[] _chars = new char[1 << 16];
    private int _used;
    private int[] _start;
    private int[] _length;

    public CellBatch(int columns, int capacity = DefaultRows)
    {
        Columns = columns;
        Capacity = capacity;
        _start = new int[columns * capacity];
        _length = new int[columns * capacity];
        Lines = new long[capacity];
    }

    public int Columns { get; }

    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>The input line each row started on, for error messages.</summary>
    public long[] Lines { get; }

    public bool IsFull => Count == Capacity;

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Starts a row and returns its index; every cell starts empty.</summary>
    public int AddRow(long line)
    {
        var row = Count++;
        Lines[row] = line;
        Array.Clear(_length, row * Columns, Columns);
        return row;
    }

    public void Set(int row, int column, ReadOnlySpan<char> value) => SetRange(row, column, Append(value), value.Length);

    /// <summary>Copies <paramref name="text"/> into the arena and returns where it starts.</summary>
    public int Append(ReadOnlySpan<char> text)
    {
        if (_used + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length));
        }

        var at = _used;
        text.CopyTo(_chars.AsSpan(at));
        _used += text.Length;
        return at;
    }

    /// <summary>Makes a cell the arena range [<paramref name="start"/>, +<paramref name="length"/>).</summary>
    public void SetRange(int row, int column, int start, int length)
    {
        var cell = row * Columns + column;
        _start[cell] = start;
        _length[cell] = length;
    }

    public ReadOnlySpan<char> Get(int row, int column)
    {
        var cell = row * Columns + column;
        return _chars.AsSpan(_start[cell], _length[cell]);
    }
}
