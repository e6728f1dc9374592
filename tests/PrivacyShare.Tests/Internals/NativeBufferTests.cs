using PrivacyShare.Internals;

namespace PrivacyShare.Tests.Internals;

/// <summary>The person table's arrays outside the managed heap.</summary>
public sealed class NativeBufferTests
{
    [Fact]
    public void Resize_KeepsEveryValue_ThroughGrowthsLargeEnoughToBeRemapped()
    {
        // 1.5x growths from 1,024 to past 16M entries (64 MB): the large ones are separate mappings,
        // which glibc's realloc grows by remapping rather than copying.
        using var buffer = new NativeBuffer<int>(1024, zeroed: false);
        var written = 0;
        while (written < 16_000_000)
        {
            for (; written < buffer.Length; written++)
            {
                buffer[written] = unchecked(written * -1640531535);
            }

            buffer.Resize(buffer.Length + buffer.Length / 2);
        }

        var values = buffer.Span;
        for (var i = 0; i < written; i++)
        {
            if (values[i] != unchecked(i * -1640531535))
            {
                Assert.Fail($"entry {i} changed across a resize");
            }
        }
    }

    [Fact]
    public void Zeroed_IsZero_AndShrinkingKeepsThePrefix()
    {
        using var buffer = new NativeBuffer<ulong>(1 << 20, zeroed: true);
        Assert.True(buffer.Span.IndexOfAnyExcept(0UL) < 0);
        buffer[7] = 42;
        buffer.Resize(8);
        Assert.Equal(8, buffer.Length);
        Assert.Equal(42UL, buffer[7]);
    }

    [Fact]
    public void AccessOutsideTheBuffer_OrAfterDispose_Throws()
    {
        var buffer = new NativeBuffer<byte>(16, zeroed: true);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[16]);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[-1]);
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.Resize(32));
        buffer.Dispose(); // again: harmless
    }
}
