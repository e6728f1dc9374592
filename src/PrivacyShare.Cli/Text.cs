namespace PrivacyShare.Cli;

/// <summary>Small formatting shared by the commands' summaries.</summary>
internal static class Text
{
    /// <summary><paramref name="part"/> of <paramref name="whole"/> as a percentage with one decimal, or "-" for nothing.</summary>
    public static string Percent(long part, long whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F1}%";
}
