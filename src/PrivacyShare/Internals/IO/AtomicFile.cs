namespace PrivacyShare.Internals.IO;

/// <summary>
/// An output file that appears whole or not at all: bytes go to a temporary file beside the target,
/// which is renamed over the target only on <see cref="Commit"/>. Dispose without commit deletes the
/// temporary file, so a failed run leaves nothing behind and never touches what the user had.
/// </summary>
internal sealed partial class AtomicFile : IDisposable
{
    private readonly string _tempPath;
    private readonly bool _overwrite;
    private FileStream? _stream;
    private bool _committed;

    private AtomicFile(string path, string tempPath, FileStream stream, bool overwrite)
    {
        Path = path;
        _tempPath = tempPath;
        _stream = stream;
        _overwrite = overwrite;
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>The stream to write to.</summary>
    public Stream Stream => _stream ?? throw Throw.Disposed(nameof(AtomicFile));

    /// <summary>
    /// Prepares <paramref name="path"/> for writing. Refuses an existing file unless
    /// <paramref name="overwrite"/> is set; <paramref name="mode"/> is applied at creation, so a
    /// secret is never readable by others, not even for a moment.
    /// </summary>
    public static AtomicFile Create(string path, bool overwrite, UnixFileMode? mode = null)
    {
        CheckTarget(path, overwrite);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        RemoveLeftovers(folder);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None, // an exclusive lock while we write: see RemoveLeftovers
            BufferSize = 1 << 16,
        };
        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = m;
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
                FileStream stream;
                try
                {
                    stream = new FileStream(temp, options);
                }
                catch (IOException) when (attempt < 16)
                {
                    // Another run's cleanup opened the new file between its creation and our lock (it takes a
                    // shared lock to look), so the lock was refused; that cleanup may since have deleted the
                    // file too, so its absence says nothing. The name is new (a fresh GUID), so a file under it
                    // is ours to remove; try a new name. Any other I/O failure comes back on the last try.
                    DeleteQuietly(temp);
                    continue;
                }

                // Another run's cleanup could have removed the name between its creation and our lock:
                // then write under a new name rather than into a file nobody can rename.
                if (RegularFile.Identity(stream.SafeFileHandle) == RegularFile.Identity(temp))
                {
                    return new AtomicFile(path, temp, stream, overwrite);
                }

                stream.Dispose();
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw Throw.FolderNotWritable(path, folder, e);
        }
    }

    // Temporary files (.NAME.GUID.tmp) of runs that were killed before they could delete them. A run
    // still writing holds its file's lock (FileShare.None is flock(LOCK_EX) on Unix, released by the
    // kernel when the process dies) until its file has its final name, so a file whose lock can be
    // shared is a leftover. A shared lock, not an exclusive one: a writer may rename its file into place
    // between this open and this lock, and readers of the file then must not find it locked; and the
    // name must still be the file opened, or it is that writer's, renamed, and stays.
    private static void RemoveLeftovers(string folder)
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, ".*.tmp").Where(f => LeftoverName().IsMatch(System.IO.Path.GetFileName(f))))
        {
            try
            {
                using var handle = File.OpenHandle(leftover, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (RegularFile.Identity(handle) is { } opened && RegularFile.Identity(leftover) == opened)
                {
                    File.Delete(leftover);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use by a running command, or not ours to remove.
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^\\..+\\.[0-9a-f]{32}\\.tmp$", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex LeftoverName();

    /// <summary>Checks, before any work is done, that <paramref name="path"/> may be written.</summary>
    public static void CheckTarget(string path, bool overwrite)
    {
        if (Directory.Exists(path))
        {
            throw Throw.IsAFolder(path, "give a file name for the output");
        }

        if (File.Exists(path) && !overwrite)
        {
            throw Throw.OutputExists(path);
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw Throw.NoSuchFolder(path, folder);
        }
    }

    /// <summary>Flushes to disk and renames the temporary file to the target path.</summary>
    public void Commit()
    {
        var stream = _stream ?? throw Throw.Disposed(nameof(AtomicFile));
        stream.Flush(flushToDisk: true);

        // The file keeps its lock until it has its final name: released before the rename, another writer's
        // RemoveLeftovers (in this process or another) could take it and delete the temporary file in
        // between. Unix renames an open file; Windows does not, so there it is closed first and that gap stays.
        if (OperatingSystem.IsWindows())
        {
            CloseStream();
        }

        try
        {
            File.Move(_tempPath, Path, _overwrite);
        }
        catch (IOException) when (!_overwrite && File.Exists(Path))
        {
            // Someone created the target while we wrote: theirs wins, ours is discarded.
            CloseStream();
            File.Delete(_tempPath);
            throw Throw.OutputAppeared(Path);
        }

        _committed = true;
        CloseStream();
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden .tmp file is harmless and named as ours; the next Create in
            // this folder removes it.
        }
    }

    private void CloseStream()
    {
        _stream?.Dispose();
        _stream = null;
    }

    /// <summary>Discards the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException) when (!_committed)
        {
            // Flushing an abandoned file failed (a full disk, say): it is deleted below all the same.
        }

        _stream = null;
        if (!_committed)
        {
            DeleteQuietly(_tempPath);
        }
    }
}
