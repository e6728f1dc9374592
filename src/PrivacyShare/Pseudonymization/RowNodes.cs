using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// The linking pass's node for every data row, in row order, in a scratch file: the counting pass reads
/// each row's person from it instead of building, hashing and looking up the row's identity keys a
/// second time (issue #22: that was the largest part of the release's time, 14% of its CPU time).
/// </summary>
/// <remarks>
/// <para>A file, not memory: it grows with rows (4 bytes a row), and a release's memory must not.
/// It holds node numbers only (the order in which the linker first met each key), never a key or a
/// field, created readable by its owner alone and removed from its folder as soon as it is open, so a
/// crash leaves nothing behind (Unix; Windows deletes it when it is closed).</para>
/// <para>Written in order by the linking pass's one consumer thread (<see cref="Append"/>), then read
/// by batch from any thread at once (<see cref="Read"/>: positional reads).</para>
/// </remarks>
internal sealed class RowNodes : IDisposable
{
    /// <summary>The node of a row the linker did not link (outside the period, or with no identity).</summary>
    public const int None = -1;

    private readonly FileStream _stream;
    private readonly SafeFileHandle _file;
    private readonly int[] _pending = new int[1 << 14];
    private int _count;
    private long _written; // rows

    /// <summary>A scratch file in <paramref name="folder"/>, on the output's disk.</summary>
    public RowNodes(string folder)
    {
        var path = Path.Combine(folder, $".privacyshare-rows.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
            BufferSize = 0, // written and read by position, through the handle
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _stream = new FileStream(path, options);
        _file = _stream.SafeFileHandle;
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path); // the open handle keeps the file; its name goes now
        }
    }

    /// <summary>The rows written.</summary>
    public long Rows => _written + _count;

    /// <summary>Adds the next row's node (<see cref="None"/> for an unlinked row).</summary>
    public void Append(int node)
    {
        if (_count == _pending.Length)
        {
            Flush();
        }

        _pending[_count++] = node;
    }

    /// <summary>Writes what <see cref="Append"/> holds; call it before the first <see cref="Read"/>.</summary>
    public void Flush()
    {
        RandomAccess.Write(_file, MemoryMarshal.AsBytes(_pending.AsSpan(0, _count)), _written * sizeof(int));
        _written += _count;
        _count = 0;
    }

    /// <summary>
    /// Reads the nodes of rows <paramref name="firstRow"/> onward into <paramref name="nodes"/> and returns
    /// how many there were: fewer than asked past the last row written.
    /// </summary>
    public int Read(long firstRow, Span<int> nodes)
    {
        var bytes = MemoryMarshal.AsBytes(nodes);
        var offset = firstRow * sizeof(int);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(_file, bytes[read..], offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read / sizeof(int);
    }

    /// <summary>Closes and removes the file.</summary>
    public void Dispose() => _stream.Dispose();
}
