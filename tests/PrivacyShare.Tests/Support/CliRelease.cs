namespace PrivacyShare.Tests.Support;

/// <summary>The command line's usual start, as several CLI tests need it: an extract, a pseudonym key, a budget and one unsigned release of the example spec.</summary>
internal static class CliRelease
{
    /// <summary>Writes in.csv (<paramref name="rows"/> rows), k.key, l.db with <paramref name="budget"/> and the release folder rel in <paramref name="dir"/>.</summary>
    public static void Make(TempFolder dir, int rows, int seed = 3, string budget = "5")
    {
        Assert.Equal(0, Cli.Run("synth", "--rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Cli.Run("keygen", "pseudonym", "--out", dir.File("k.key")).ExitCode);
        Assert.Equal(0, Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", budget, "--ledger", dir.File("l.db")).ExitCode);
        var release = Cli.Run("release", "--in", dir.File("in.csv"), "--spec", Specs.ExamplePath, "--out", dir.File("rel"), "--ledger", dir.File("l.db"), "--unsigned", "--quiet");
        Assert.True(release.ExitCode == 0, release.Error);
    }
}
