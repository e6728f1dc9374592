using PrivacyShare.Cli;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// The start-up shortcuts of issue #22 change nothing a user sees: a command line that names a command
/// builds only that command, under the name it is typed by; the commands that skip ICU are real ones
/// that never normalize names; and help still lists every command.
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public void EveryCommand_IsBuiltUnderTheNameUsersType()
    {
        foreach (var (name, create) in CliApp.Commands)
        {
            Assert.Equal(name, create().Name);
        }

        Assert.Equal(CliApp.Commands.Length, CliApp.Commands.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TheCommandsWithoutALocale_AreRealOnes_AndNoneReadsNames()
    {
        var names = CliApp.Commands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var token in Program.WithoutLocale.Where(t => !t.StartsWith('-')))
        {
            Assert.Contains(token, names);
        }

        // These read arrest records and normalize names and identity keys: they need ICU.
        foreach (var reader in new[] { "synth", "pseudonymize", "release", "plan", "score", "demo" })
        {
            Assert.DoesNotContain(reader, Program.WithoutLocale);
        }
    }

    [Fact]
    public void HelpListsEveryCommand_AndANamedCommandRunsAlone()
    {
        var help = Support.Cli.Run("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var (name, _) in CliApp.Commands)
        {
            Assert.Contains($"  {name} ", help.Output, StringComparison.Ordinal);
        }

        var typo = Support.Cli.Run("verfy");
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("verify", typo.Error + typo.Output, StringComparison.Ordinal);

        var verify = Support.Cli.Run("verify", "--help");
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("--pubkey", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHelpAndVersionOptions_AreThereWheneverACommandLineCanNeedThem()
    {
        // They are left out of a command line that names neither and parses (CliApp.Run): every other
        // one must get them as before.
        var version = Support.Cli.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);

        foreach (var token in new[] { "-h", "-?", "/?", "/h" })
        {
            // With --pubkey given, the line would also parse with the token taken as the release folder.
            var help = Support.Cli.Run("verify", token, "--pubkey", "none.pub");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("--pubkey", help.Output, StringComparison.Ordinal);
            Assert.Contains("Show help and usage information", help.Output, StringComparison.Ordinal);
        }

        // A mistake: the error, then the command's help.
        var missing = Support.Cli.Run("verify");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--pubkey", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Usage:", missing.Output, StringComparison.Ordinal);

        // A command line that parses runs its command, with no help.
        var run = Support.Cli.Run("verify", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), "--pubkey", "none.pub");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("Usage:", run.Output + run.Error, StringComparison.Ordinal);
    }
}
