namespace PrivacyShare.Internals.IO;

/// <summary>
/// Refuses, before anything is written, an output that is one of the command's inputs (the extract, the
/// key, the ledger, a policy) or another of its outputs: --force replaces an old output, never what the
/// user has. Two names are the same file when their resolved paths are equal or, on Linux, when they
/// share device and inode (a hard link, a bind mount, a different spelling).
/// </summary>
internal static class OutputPaths
{
    /// <summary>Checks <paramref name="outputs"/> against <paramref name="inputs"/> and against each other.</summary>
    /// <param name="outputs">Each output's option name and path (null paths are ignored).</param>
    /// <param name="inputs">Each input's option name and path (null paths are ignored).</param>
    /// <exception cref="RefusedException">An output names an input or another output.</exception>
    public static void Check(IReadOnlyList<(string Option, string? Path)> outputs, IReadOnlyList<(string Option, string? Path)> inputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        var given = outputs.Where(o => o.Path is not null).ToList();
        for (var i = 0; i < given.Count; i++)
        {
            foreach (var input in inputs.Where(x => x.Path is not null))
            {
                if (Same(given[i].Path!, input.Path!))
                {
                    throw Throw.OutputIsInput(given[i].Option, given[i].Path!, input.Option, input.Path!);
                }
            }

            for (var j = i + 1; j < given.Count; j++)
            {
                if (Same(given[i].Path!, given[j].Path!))
                {
                    throw Throw.OutputsCollide(given[i].Option, given[j].Option, given[i].Path!);
                }
            }
        }
    }

    private static bool Same(string a, string b)
    {
        if (string.Equals(Resolved(a), Resolved(b), StringComparison.Ordinal))
        {
            return true;
        }

        return RegularFile.Identity(a) is { } x && RegularFile.Identity(b) is { } y && x == y;
    }

    // The full path with every symbolic link followed, where the file exists.
    private static string Resolved(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
