using System.Text.RegularExpressions;

namespace PrivacyShare.Internals;

/// <summary>
/// A code format a user declares for a column of codes (a policy's kept column, a mapping's source
/// column): a .NET regular expression that every non-empty value must match in whole. Matched by the
/// non-backtracking engine, so no value can make a match slow (no backreferences or lookarounds).
/// </summary>
internal static class CodeFormat
{
    /// <summary>What a pattern is, for messages.</summary>
    public const string Description = "1 to 200 characters, a regular expression that every value must match in whole, e.g. \"[0-9]{3}[A-Z]?\"";

    /// <summary>The compiled format, or null with the <paramref name="problem"/> in words.</summary>
    public static Regex? Compile(string pattern, out string? problem)
    {
        problem = null;
        if (pattern.Length is 0 or > 200)
        {
            problem = $"must be {Description}";
            return null;
        }

        try
        {
            return new Regex($"^(?:{pattern})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            problem = $"is not a regular expression this tool accepts (no backreferences or lookarounds): {e.Message}";
            return null;
        }
    }
}
