namespace PrivacyShare.Internals.IO;

/// <summary>
/// A file written once from start to end and then read back from the start, that no one else can
/// open: a release's facts about each row between its reading pass and its counting pass (issue #22).
/// </summary>
/// <remarks>
/// It is created readable by its owner alone and its name is removed as soon as it is open, so it
/// is never in a folder listing and a crash leaves nothing behind (Unix; Windows deletes it when it
/// is closed). Its place should be the output's disk: it grows with the input, and a temporary folder
/// may be memory (tmpfs). Its name ends in <c>.scratch</c>, outside the patterns of every folder
/// cleanup (<see cref="AtomicFile"/>'s <c>.NAME.GUID.tmp</c>, a release's staging folders): between its
/// creation and its lock, another command cleaning the same folder could otherwise open it and have
/// the lock refused.
/// </remarks>
internal sealed class ScratchFile : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>A new, empty scratch file in <paramref name="folder"/>.</summary>
    public ScratchFile(string folder)
    {
        var path = Path.Combine(folder, NewName());
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.SequentialScan,
            BufferSize = 1 << 16,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path); // the open stream keeps the file; its name goes now
        }
    }

    /// <summary>A new scratch file's name: hidden, unique, and no cleanup's leftover.</summary>
    internal static string NewName() => $".privacyshare-scratch.{Guid.NewGuid():N}.scratch";

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>Ends the writing: what follows reads from the start.</summary>
    public void Rewind()
    {
        _stream.Flush();
        _stream.Position = 0;
    }

    /// <summary>
    /// Fills <paramref name="bytes"/> from where reading stands; false, with nothing read, at the end
    /// of the file.
    /// </summary>
    public bool TryRead(Span<byte> bytes)
    {
        var read = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return read == bytes.Length || (read == 0 ? false : throw Throw.Bug("a scratch file ended inside a record"));
    }

    /// <summary>Closes and removes the file.</summary>
    public void Dispose() => _stream.Dispose();
}
