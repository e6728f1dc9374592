namespace PrivacyShare.Tests.Support;

/// <summary>
/// The outside validators in tests/validators (npm datapackage 1.1.10, the reference Frictionless
/// implementation, and Ajv for JSON Schema), run with Node.js. Their packages are installed once with
/// npm ci when missing. Null when Node.js or npm (or chromium) is not on this machine; the tests then
/// call <see cref="Tools.Require"/>, which skips them, or fails them under CI, which installs the tools.
/// </summary>
public static class NodeValidators
{
    private static readonly Lazy<bool> Installed = new(Install);

    private static string Folder => System.IO.Path.Combine(RepoRoot.Path, "tests", "validators");

    /// <summary>npm datapackage on a release folder: exit 0 and "valid: ..." or exit 1 and one line per error.</summary>
    public static (int Code, string Output)? DataPackage(string releaseFolder) => Node("validate-datapackage.js", releaseFolder);

    /// <summary>Ajv: <paramref name="document"/> (or its <paramref name="property"/>) against <paramref name="schema"/>.</summary>
    public static (int Code, string Output)? Schema(string schema, string document, string? property = null) =>
        property is null ? Node("validate-schema.js", schema, document) : Node("validate-schema.js", schema, document, property);

    /// <summary>npm commonmark on a Markdown file: the first heading and paragraph as plain text, with the kinds of inline nodes they hold (JSON).</summary>
    public static (int Code, string Output)? Markdown(string file) => Node("render-markdown.js", file);

    /// <summary>
    /// report.html in headless chromium: exit 0 and a JSON summary, or exit 1 naming each failed check
    /// (console errors, network requests, charts without their text alternative, a blank screenshot).
    /// </summary>
    public static (int Code, string Output)? Report(string report, string screenshot, int width = 1024)
    {
        if (!File.Exists("/usr/bin/chromium") && Environment.GetEnvironmentVariable("CHROMIUM") is null)
        {
            return null;
        }

        return Node("check-report.js", report, screenshot, width.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (int Code, string Output)? Node(string script, params string[] args)
    {
        if (!Installed.Value)
        {
            return null;
        }

        return Processes.Run("node", null, [System.IO.Path.Combine(Folder, script), .. args]);
    }

    private static bool Install()
    {
        if (Processes.Run("node", null, "--version") is not { Code: 0 })
        {
            return false;
        }

        if (Directory.Exists(System.IO.Path.Combine(Folder, "node_modules", "datapackage")) && Directory.Exists(System.IO.Path.Combine(Folder, "node_modules", "ajv"))
            && Directory.Exists(System.IO.Path.Combine(Folder, "node_modules", "commonmark")))
        {
            return true;
        }

        var install = Processes.Run("npm", null, "ci", "--prefix", Folder, "--no-audit", "--no-fund", "--loglevel=error");
        Assert.True(install is { Code: 0 }, $"npm ci in tests/validators failed: {install?.Output}");
        return true;
    }
}
