namespace PrivacyShare.Tests.Support;

/// <summary>The repository's root folder, found from the test binary's location.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "PrivacyShare.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PrivacyShare.sln not found above " + AppContext.BaseDirectory);
    }
}
