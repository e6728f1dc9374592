using PrivacyShare.Pseudonymization;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Pseudonymization;

/// <summary>Expected values computed with Python: unicodedata.normalize("NFKC"), strip, re.sub(r"\s+", " "), upper.</summary>
public sealed class NormalizationTests
{
    [Theory]
    [InlineData("  garc\u00EDa   l\u00F3pez ", "GARC\u00CDA L\u00D3PEZ")]
    [InlineData("\uFF27\uFF21\uFF32\uFF23\uFF29\uFF21", "GARCIA")] // full-width letters
    [InlineData("o'brien\u00A0 jr", "O'BRIEN JR")] // no-break space
    [InlineData("Jose\u0301", "JOS\u00C9")] // combining acute accent composes
    [InlineData("\uFB01sher\tMc  Cann", "FISHER MC CANN")] // ligature, tab, double space
    [InlineData("nguy\u1EC5n", "NGUY\u1EC4N")]
    [InlineData("   ", "")]
    [InlineData("", "")]
    public void Normalize_MatchesPythonReference(string raw, string expected)
    {
        Assert.Equal(expected, Normalization.Normalize(raw));
    }

    [Fact]
    public void Normalize_VeryLongNonAsciiValue_IsHandled()
    {
        var raw = string.Concat(Enumerable.Repeat("\uFB01 ", 400));

        Assert.Equal(string.Join(" ", Enumerable.Repeat("FI", 400)), Normalization.Normalize(raw));
    }

    [Fact]
    public void EnsureAvailable_PassesWithIcu_AndRefusesAProcessWithoutIt()
    {
        Assert.Null(Record.Exception(Normalization.EnsureAvailable));

        // Invariant globalization has no NFKC: pseudonyms made there would differ from this machine's,
        // so pseudonymize refuses before writing anything.
        using var dir = new TempFolder();
        var input = dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow));
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", dir.File("k.key")).ExitCode);
        var dll = typeof(PrivacyShare.Cli.CliApp).Assembly.Location;

        var run = Processes.Run("env", null, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "dotnet", dll, "pseudonymize", "--in", input, "--key", dir.File("k.key"), "--out", dir.File("p.csv"));

        Assert.NotNull(run);
        Assert.NotEqual(0, run.Value.Code);
        Assert.Contains("Unicode normalization (NFKC) is not available in this process", run.Value.Output);
        Assert.False(File.Exists(dir.File("p.csv")));
    }
}
