using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PrivacyShare.Internals.IO;

/// <summary>
/// An exclusive lock on a small lock file, held by an open descriptor (<c>flock(LOCK_EX)</c> on Linux):
/// the kernel drops it when the process ends in any way, <c>kill -9</c> included, so a crashed holder
/// never leaves a lock that must be cleared by hand. The lock file is removed when the holder is done.
/// </summary>
/// <remarks>
/// Removing a lock file while others may be opening it is only safe if every holder checks, once it
/// holds the lock, that the name still refers to the file it locked (the descriptor's device and
/// inode equal the path's); otherwise a waiter could lock the removed file while a newcomer locks a new
/// one of the same name. <see cref="TryAcquire(string, TimeSpan)"/> makes that check and retries.
/// Elsewhere than Linux the lock is .NET's <see cref="FileShare.None"/>, which is advisory on Unix.
/// </remarks>
internal sealed class FileLock : IDisposable
{
    private const int LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8, WouldBlock = 11;

    private SafeFileHandle? _handle;
    private FileStream? _stream;
    private SafeFileHandle? _borrowed; // a lock on a file the caller keeps open: unlocked, never closed or removed

    private FileLock(string path, SafeFileHandle? handle, FileStream? stream)
    {
        Path = path;
        _handle = handle;
        _stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the lock at <paramref name="path"/> (creating the file, mode 0600), waiting up to
    /// <paramref name="wait"/> while another process holds it; null when it is still held then.
    /// </summary>
    public static FileLock? TryAcquire(string path, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (TryOnce(path) is { } held)
            {
                return held;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            Thread.Sleep(25);
        }
    }

    /// <summary>
    /// Takes an exclusive lock on the open file <paramref name="file"/> itself, waiting up to
    /// <paramref name="wait"/>; null when another holder still has it then. The lock is on the file's
    /// inode, whatever path opened it. Disposing unlocks it; the caller keeps the file open. Elsewhere
    /// than Linux, a lock file beside <paramref name="path"/>.
    /// </summary>
    public static FileLock? TryAcquire(SafeFileHandle file, string path, TimeSpan wait)
    {
        if (!OperatingSystem.IsLinux())
        {
            return TryAcquire(path + ".privacyshare-lock", wait);
        }

        var deadline = DateTime.UtcNow + wait;
        var fd = (int)file.DangerousGetHandle();
        while (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != WouldBlock)
            {
                throw Throw.CannotLock(path, Marshal.GetPInvokeErrorMessage(errno));
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            Thread.Sleep(25);
        }

        return new FileLock(path, null, null) { _borrowed = file };
    }

    /// <summary>Releases the lock and removes the lock file (while still holding it).</summary>
    public void Dispose()
    {
        if (_borrowed is not null)
        {
            _ = Flock((int)_borrowed.DangerousGetHandle(), LockUnlock);
            _borrowed = null;
            return;
        }

        if (_handle is null && _stream is null)
        {
            return;
        }

        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A lock file left behind is harmless: the next holder takes it over.
        }

        _handle?.Dispose();
        _stream?.Dispose();
        _handle = null;
        _stream = null;
    }

    private static FileLock? TryOnce(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                return new FileLock(path, null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                return null;
            }
        }

        const int ReadWrite = 2, Create = 0x40, CloseOnExec = 0x80000;
        var noFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
        var fd = Open(path, ReadWrite | Create | CloseOnExec | noFollow, 0x180);
        if (fd < 0)
        {
            throw Throw.CannotOpenLock(path, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return errno == WouldBlock
                ? null
                : throw Throw.CannotLock(path, Marshal.GetPInvokeErrorMessage(errno));
        }

        // Held; but if the holder before us removed the name meanwhile, we hold an orphan: start again.
        if (RegularFile.Identity(handle) != RegularFile.Identity(path))
        {
            handle.Dispose();
            return TryOnce(path);
        }

        return new FileLock(path, handle, null);
    }

    /// <summary>
    /// Opens <paramref name="path"/> read-only for <see cref="TryAcquire(SafeFileHandle, string, TimeSpan)"/>,
    /// through libc rather than .NET: .NET takes a shared flock on every file it opens (its FileShare
    /// emulation), which would keep any exclusive lock on the file from ever being granted.
    /// </summary>
    public static SafeFileHandle OpenForLocking(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }

        const int ReadOnly = 0, CloseOnExec = 0x80000;
        var fd = Open(path, ReadOnly | CloseOnExec, 0);
        return fd >= 0
            ? new SafeFileHandle(fd, ownsHandle: true)
            : throw Throw.CannotOpen(path, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);
}
