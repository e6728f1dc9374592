using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Internals.Csv;

/// <summary>A control character in any field is a located input error, in quoted and unquoted fields alike, and its value is not echoed.</summary>
public sealed class ControlCharacterTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("\0", false)]
    [InlineData("\t", false)]
    [InlineData("\u001B", false)]
    [InlineData("\u007F", false)]
    [InlineData("\0", true)]
    [InlineData("\n", true)]
    public void ControlCharacter_InAName_IsAnInputError_NamingLineAndColumn(string control, bool quoted)
    {
        var name = $"GAR{control}CIA";
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, Extracts.GoodRow.Replace("GARCIA", quoted ? $"\"{name}\"" : name, StringComparison.Ordinal)));
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);

        var run = Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", _dir.File("out.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(":3", run.Error);
        Assert.Contains("last_name", run.Error);
        Assert.Contains($"control character U+{(int)control[0]:X4}", run.Error);
        Assert.DoesNotContain("CIA", run.Error);
        Assert.False(File.Exists(_dir.File("out.csv")));
    }
}
