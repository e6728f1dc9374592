using System.Text;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Normalized values waiting to be pseudonymized together by <see cref="PseudonymHasher"/>, so that
/// a batch's values are encoded once and hashed in one pass with the thread's HMAC context. One queue
/// per thread, reused batch after batch: values live as UTF-8 in one growing arena, pseudonyms in one char array.
/// </summary>
internal sealed class PseudonymQueue
{
    private byte[] _bytes = new byte[1 << 16];
    private int _used;
    private int[] _start = new int[4096];
    private int[] _length = new int[4096];
    private int[] _rows = new int[4096];
    private char[] _pseudonyms = new char[4096 * PseudonymHasher.Length];

    /// <summary>Values queued since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Queues a normalized, non-empty value for row <paramref name="row"/> and returns its index.</summary>
    public int Add(ReadOnlySpan<char> normalized, int row = 0)
    {
        if (Count == _start.Length)
        {
            Array.Resize(ref _start, 2 * Count);
            Array.Resize(ref _length, 2 * Count);
            Array.Resize(ref _rows, 2 * Count);
            Array.Resize(ref _pseudonyms, 2 * Count * PseudonymHasher.Length);
        }

        var most = Encoding.UTF8.GetMaxByteCount(normalized.Length);
        if (_used + most > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, _used + most));
        }

        var length = Encoding.UTF8.GetBytes(normalized, _bytes.AsSpan(_used));
        _start[Count] = _used;
        _length[Count] = length;
        _rows[Count] = row;
        _used += length;
        return Count++;
    }

    /// <summary>The row value <paramref name="index"/> was queued for.</summary>
    public int Row(int index) => _rows[index];

    /// <summary>The pseudonym of value <paramref name="index"/>, once the queue has been hashed.</summary>
    public ReadOnlySpan<char> Pseudonym(int index) => Slot(index);

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>The UTF-8 bytes of value <paramref name="index"/>.</summary>
    internal ReadOnlySpan<byte> Value(int index) => _bytes.AsSpan(_start[index], _length[index]);

    /// <summary>Where the pseudonym of value <paramref name="index"/> goes.</summary>
    internal Span<char> Slot(int index) => _pseudonyms.AsSpan(index * PseudonymHasher.Length, PseudonymHasher.Length);
}
