namespace PrivacyShare.Cli;

/// <summary>Small formatting shared by the commands' summaries.</summary>
internal static class Text
{
    /// <summary><paramref name="part"/> of <paramref name="whole"/> as a percentage with one decimal, or "-" for nothing.</summary>
    public static string Percent(long part, long whole) => whole == 0 ? "-" : Percent((double)part / whole);

    /// <summary>A share (0 to 1) as a percentage with one decimal, or "-" for NaN (no rows to share).</summary>
    public static string Percent(double share) =>
        double.IsNaN(share) ? "-" : (100 * share).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
