using System.Runtime.InteropServices;

namespace PrivacyShare.Internals.IO;

/// <summary>
/// Makes a rename durable: on Linux a rename reaches the disk with its folder's metadata, which
/// <c>fsync</c> on the folder forces (rename(2) promises atomicity, not durability). A no-op elsewhere.
/// </summary>
internal static class FolderSync
{
    /// <summary>Flushes <paramref name="folder"/>'s entries to disk; best effort on file systems that refuse it.</summary>
    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int ReadOnly = 0, Directory = 0x10000, CloseOnExec = 0x80000;
        var directoryFlag = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : Directory;
        var fd = Open(folder, ReadOnly | directoryFlag | CloseOnExec);
        if (fd < 0)
        {
            return;
        }

        try
        {
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != 22 /* EINVAL: not supported here */)
            {
                throw Throw.CannotFlushFolder(folder, Marshal.GetPInvokeErrorMessage(errno));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
