using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PrivacyShare.Internals.IO;

/// <summary>
/// Reads a file that must be a plain, regular file, with a size limit: for checking a release someone
/// else made, where a name may be a symlink (to /dev/zero, say), a FIFO that blocks a reader forever,
/// or a file far larger than its manifest claims. Nothing is followed, nothing blocks, and no more than
/// the limit (plus one byte, to tell "larger") is ever read.
/// </summary>
/// <remarks>
/// .NET reports a FIFO as a normal file and blocks opening it, so on Linux the file is opened with
/// O_NOFOLLOW | O_NONBLOCK and its type taken from fstat's st_mode (glibc 2.33 or later exports fstat;
/// the struct layouts are the kernel's for x86-64 and arm64). Elsewhere, symlinks are refused by .NET's
/// link check and the read is still capped, but a FIFO there could block.
/// </remarks>
internal static class RegularFile
{
    /// <summary>Why a file could not be read.</summary>
    public enum ReadFailure
    {
        /// <summary>It was read.</summary>
        None,

        /// <summary>No such file.</summary>
        Missing,

        /// <summary>A symbolic link, FIFO, device, folder or socket.</summary>
        NotRegular,

        /// <summary>More bytes than the limit.</summary>
        TooLarge,

        /// <summary>Opening or reading failed.</summary>
        Unreadable,
    }

    /// <summary>The bytes of <paramref name="path"/>, or a reason it cannot be used: not a regular file, missing, or more than <paramref name="limit"/> bytes.</summary>
    public static (byte[]? Bytes, ReadFailure Failure, string? Problem) Read(string path, long limit)
    {
        try
        {
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
            {
                return ReadLinux(path, limit);
            }

            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                return (null, ReadFailure.NotRegular, "is a symbolic link, not a regular file");
            }

            if (!info.Exists)
            {
                return (null, ReadFailure.Missing, "is missing");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Capped(stream, limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            return (null, ReadFailure.Unreadable, $"cannot be read: {e.Message}");
        }
    }

    private static (byte[]? Bytes, ReadFailure Failure, string? Problem) ReadLinux(string path, long limit)
    {
        const int NonBlock = 0x800, CloseOnExec = 0x80000, Loop = 40, NotFound = 2;
        var noFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
        var fd = Open(path, NonBlock | noFollow | CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Loop => (null, ReadFailure.NotRegular, "is a symbolic link, not a regular file"),
                NotFound => (null, ReadFailure.Missing, "is missing"),
                _ => (null, ReadFailure.Unreadable, $"cannot be opened ({Marshal.GetPInvokeErrorMessage(errno)})"),
            };
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var stat = new byte[256];
        if (FileStat(fd, stat) != 0)
        {
            return (null, ReadFailure.Unreadable, $"cannot be examined ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})");
        }

        // st_mode: offset 24 on x86-64 (dev, ino, nlink are 8 bytes each), 16 on arm64 (dev, ino, then mode).
        var mode = BitConverter.ToUInt32(stat, RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 16 : 24);
        if ((mode & 0xF000) != 0x8000)
        {
            return (null, ReadFailure.NotRegular, (mode & 0xF000) switch
            {
                0x1000 => "is a FIFO, not a regular file",
                0x2000 or 0x6000 => "is a device, not a regular file",
                0x4000 => "is a folder, not a regular file",
                0xC000 => "is a socket, not a regular file",
                _ => "is not a regular file",
            });
        }

        using var stream = new FileStream(handle, FileAccess.Read);
        return Capped(stream, limit);
    }

    private static (byte[]? Bytes, ReadFailure Failure, string? Problem) Capped(Stream stream, long limit)
    {
        // A regular file states its length: read it into one array of that size (a 33 MB calendar store in
        // a third of the time a growing buffer took), then make sure nothing followed; a file that grew
        // while it was read is read again through the growing buffer below.
        if (stream.CanSeek)
        {
            var length = stream.Length;
            if (length > limit)
            {
                return (null, ReadFailure.TooLarge, $"is larger than {limit:N0} bytes");
            }

            var exact = new byte[length];
            if (stream.ReadAtLeast(exact, exact.Length, throwOnEndOfStream: false) == exact.Length && stream.ReadByte() < 0)
            {
                return (exact, ReadFailure.None, null);
            }

            stream.Position = 0;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limit)
            {
                return (null, ReadFailure.TooLarge, $"is larger than {limit:N0} bytes");
            }
        }

        return (buffer.ToArray(), ReadFailure.None, null);
    }

    /// <summary>(st_dev, st_ino) of an existing file, following links, on Linux x86-64 or arm64 (both begin struct stat with them); null elsewhere.</summary>
    public static (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var buffer = new byte[256];
            return Stat(path, buffer) == 0 ? (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8)) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>(st_dev, st_ino) of an open file, on Linux x86-64 or arm64; null elsewhere.</summary>
    public static (ulong Device, ulong Inode)? Identity(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        try
        {
            var buffer = new byte[256];
            return FileStat((int)handle.DangerousGetHandle(), buffer) == 0 ? (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8)) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static extern int FileStat(int fd, byte[] buffer);
}
