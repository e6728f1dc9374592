namespace PrivacyShare.IO;

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
            throw Throw.Input(path, null, null, $"is a folder; give the path of a {what}");
        }

        if (!File.Exists(path))
        {
            throw Throw.Input(path, null, null, $"no such {what}{(hint is null ? "" : $" ({hint})")}");
        }
    }
}
