namespace PrivacyShare.Internals.IO;

/// <summary>The one check every user-named input file goes through before it is opened.</summary>
internal static class InputFiles
{
    /// <summary>
    /// Fails with an <see cref="InputException"/> when <paramref name="path"/> is a folder or does not
    /// exist, naming what was expected (<paramref name="what"/>) and, optionally, a hint.
    /// </summary>
    public static void CheckExists(string path, string what, string? hint = null)
    {
        if (Directory.Exists(path))
        {
            throw Throw.IsAFolder(path, $"give the path of a {what}");
        }

        if (!File.Exists(path))
        {
            throw Throw.NoSuchFile(path, what, hint);
        }
    }

    /// <summary>
    /// Reads a user-named file whole, through the one regular-file, size-capped reader: links are
    /// followed (it is the user's own path), but the file they lead to must be a regular file of at most
    /// <paramref name="limit"/> bytes. /dev/zero is refused at once, a FIFO never blocks.
    /// </summary>
    public static byte[] ReadAll(string path, string what, long limit, string? hint = null)
    {
        CheckExists(path, what, hint);
        var (bytes, failure, problem) = RegularFile.Read(Resolved(path), limit);
        return bytes ?? throw (failure == RegularFile.ReadFailure.TooLarge
            ? Throw.TooLarge(path, problem!, what)
            : Throw.NotARegularFile(path, problem!, what));
    }

    /// <summary>Refuses a user-named input that is not a regular file (a FIFO, a device) before a streaming reader opens it.</summary>
    public static void CheckRegular(string path, string what)
    {
        CheckExists(path, what);
        var (_, failure, problem) = RegularFile.Read(Resolved(path), 0); // reads at most one byte
        if (failure is RegularFile.ReadFailure.NotRegular or RegularFile.ReadFailure.Missing)
        {
            throw Throw.NotARegularFile(path, problem!, what);
        }
    }

    private static string Resolved(string path) =>
        File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
}
