using System.Text;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;

namespace PrivacyShare.Keys;

/// <summary>
/// Reading and writing secret files (keys, passphrase files): created with mode 0600 (never readable by others, not even
/// for a moment), and refused on load when group or others can read them, as ssh does.
/// </summary>
internal static class KeyFiles
{
    /// <summary>Owner read and write only: 0600.</summary>
    public const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OthersMask =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Writes a secret file atomically with mode 0600.</summary>
    internal static void WriteSecret(string path, string text, bool overwrite) => Write(path, text, overwrite, SecretMode);

    /// <summary>Writes a file atomically with the given mode.</summary>
    internal static void Write(string path, string text, bool overwrite, UnixFileMode mode)
    {
        using var file = AtomicFile.Create(path, overwrite, mode);
        var bytes = Encoding.UTF8.GetBytes(text);
        file.Stream.Write(bytes);
        file.Commit();
        if (!OperatingSystem.IsWindows())
        {
            // The umask may have removed bits from the create mode, never added them; make it exact.
            File.SetUnixFileMode(path, mode);
        }
    }

    /// <summary>Reads a secret file after checking that only its owner can read it.</summary>
    /// <exception cref="RefusedException">Group or others have access to the file.</exception>
    /// <exception cref="InputException">The file is missing or unreadable.</exception>
    public static string ReadSecret(string path, string what)
    {
        InputFiles.CheckExists(path, what);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & OthersMask) != UnixFileMode.None)
            {
                throw Throw.KeyTooOpen(path, Octal(mode), what);
            }
        }

        return ReadText(path, what);
    }

    /// <summary>Reads a non-secret file (a public key, a signature).</summary>
    internal static string ReadText(string path, string what)
    {
        try
        {
            // A key file is a few hundred bytes; /dev/zero or a FIFO as a key is refused at once.
            var bytes = InputFiles.ReadAll(path, what, 64 * 1024);
            return Internals.Csv.Utf8Text.StrictWithBom.GetString(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Throw.NotUtf8Text(path, what, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Throw.PermissionDenied(path, e);
        }
    }


    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
