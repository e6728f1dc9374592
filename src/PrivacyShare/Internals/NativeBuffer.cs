using System.Runtime.InteropServices;

namespace PrivacyShare.Internals;

/// <summary>
/// An array of unmanaged values outside the garbage-collected heap, for the person table's arrays,
/// which grow with the number of people (issue #22). Freed at once by <see cref="Dispose"/>; grown in
/// place by <see cref="Resize"/>.
/// </summary>
/// <remarks>
/// <para>Why not a managed array: growing one allocates the new array while the old is still live,
/// and the old ones then stay resident until a full collection of the large-object heap, which a
/// release's steady allocation rarely triggers. The peak held the table's every earlier size as well
/// as its current one. Here <c>realloc</c> grows a large block by remapping its pages (glibc's
/// <c>mremap</c>), without a copy, and <c>free</c> returns a large block to the system at once.</para>
/// <para>Every access goes through a bounds-checked <see cref="Span{T}"/>: the pointer is never exposed.</para>
/// </remarks>
internal sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    private T* _items;

    /// <summary>
    /// A buffer of <paramref name="length"/> values, zeroed when <paramref name="zeroed"/> is set (a large
    /// zeroed block comes from fresh pages, which cost memory only once written).
    /// </summary>
    public NativeBuffer(int length, bool zeroed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _items = (T*)(zeroed ? NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(T)) : NativeMemory.Alloc((nuint)length, (nuint)sizeof(T)));
        Length = length;
    }

    /// <summary>The number of values.</summary>
    public int Length { get; private set; }

    /// <summary>The values.</summary>
    public Span<T> Span => _items is not null ? new Span<T>(_items, Length) : throw Throw.Disposed(nameof(NativeBuffer<>));

    /// <summary>The value at <paramref name="index"/> (bounds-checked).</summary>
    public ref T this[int index] => ref Span[index];

    /// <summary>
    /// Changes the length to <paramref name="length"/>, keeping the values below both lengths. Values
    /// past the old length are not initialized: the caller writes each before it reads it.
    /// </summary>
    public void Resize(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_items is null)
        {
            throw Throw.Disposed(nameof(NativeBuffer<>));
        }

        _items = (T*)NativeMemory.Realloc(_items, (nuint)length * (nuint)sizeof(T));
        Length = length;
    }

    /// <summary>Frees the values (again is harmless). Its owner must call it: there is no finalizer.</summary>
    public void Dispose()
    {
        NativeMemory.Free(_items);
        _items = null;
        Length = 0;
    }
}
