using System.Runtime.InteropServices;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;

namespace PrivacyShare.Releases.Counting;

/// <summary>
/// What the parallel stage extracts from a batch of input rows for the counting stage: per row, whether
/// it is in the period, the person's key, each dimension's value index and the measure flags.
/// </summary>
internal sealed class RowFacts(int dimensions)
{
    private readonly int _dimensions = Math.Max(dimensions, 1);

    public int Count { get; set; }

    public bool[] InPeriod { get; } = new bool[Internals.Csv.CellBatch.DefaultRows];

    public ulong[] People { get; } = new ulong[Internals.Csv.CellBatch.DefaultRows];

    public int[] Person { get; } = new int[Internals.Csv.CellBatch.DefaultRows];

    public int[] ValueIndex { get; } = new int[Internals.Csv.CellBatch.DefaultRows * Math.Max(dimensions, 1)];

    public byte[] Stage { get; } = new byte[Internals.Csv.CellBatch.DefaultRows];

    public long[] Line { get; } = new long[Internals.Csv.CellBatch.DefaultRows];

    /// <summary>Appends the first <see cref="Count"/> rows' facts (not <see cref="People"/>) to <paramref name="file"/>.</summary>
    public void WriteTo(ScratchFile file)
    {
        var count = Count;
        ReadOnlySpan<int> header = [count];
        file.Write(MemoryMarshal.AsBytes(header));
        file.Write(MemoryMarshal.AsBytes(InPeriod.AsSpan(0, count)));
        file.Write(MemoryMarshal.AsBytes(Person.AsSpan(0, count)));
        file.Write(MemoryMarshal.AsBytes(ValueIndex.AsSpan(0, count * _dimensions)));
        file.Write(Stage.AsSpan(0, count));
        file.Write(MemoryMarshal.AsBytes(Line.AsSpan(0, count)));
    }

    /// <summary>Reads the next batch <see cref="WriteTo"/> wrote; false at the end of the file.</summary>
    public bool ReadFrom(ScratchFile file)
    {
        Span<int> count = stackalloc int[1];
        if (!file.TryRead(MemoryMarshal.AsBytes(count)))
        {
            return false;
        }

        Count = count[0];
        return file.TryRead(MemoryMarshal.AsBytes(InPeriod.AsSpan(0, Count)))
            && file.TryRead(MemoryMarshal.AsBytes(Person.AsSpan(0, Count)))
            && file.TryRead(MemoryMarshal.AsBytes(ValueIndex.AsSpan(0, Count * _dimensions)))
            && file.TryRead(Stage.AsSpan(0, Count))
            && file.TryRead(MemoryMarshal.AsBytes(Line.AsSpan(0, Count)))
            ? true : throw Throw.Bug("a scratch file ended inside a batch");
    }
}
