using System.Buffers.Binary;
using PrivacyShare.Internals;

namespace PrivacyShare.Ledger;

/// <summary>
/// Reads what <see cref="BinaryWriter"/> wrote (little-endian numbers, length-prefixed UTF-8 strings)
/// from bytes in memory, without a stream: the calendar store's reader. A read past the end is a
/// store cut short.
/// </summary>
internal struct SpanReader(ReadOnlyMemory<byte> bytes, string path)
{
    private int _at;

    public readonly bool AtEnd => _at == bytes.Length;

    public byte Byte() => Take(1)[0];

    public short Int16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public UInt128 UInt128() => BinaryPrimitives.ReadUInt128LittleEndian(Take(16));

    /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it: a 7-bit-encoded length, then UTF-8.</summary>
    public string String()
    {
        int length = 0, shift = 0;
        byte b;
        do
        {
            b = Byte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0 && shift < 35);

        return System.Text.Encoding.UTF8.GetString(Take(length));
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _at + count > bytes.Length)
        {
            throw Throw.StoreBroken(path, "ends early");
        }

        var span = bytes.Span.Slice(_at, count);
        _at += count;
        return span;
    }
}
