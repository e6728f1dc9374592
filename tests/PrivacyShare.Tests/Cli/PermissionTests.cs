using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// An input the user may not read is an input error naming the file, whoever runs the tests: as root
/// (CI's containers), which reads any file, the command runs as the unprivileged user nobody (setpriv,
/// util-linux), so the check is exercised there too rather than passed vacuously.
/// </summary>
public sealed class PermissionTests : IDisposable
{
    private const string Nobody = "65534";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void AnUnreadableExtract_IsAnInputError_SayingPermissionDenied()
    {
        var input = _dir.Write("a.csv", Extracts.Csv(Extracts.GoodRow));
        File.SetUnixFileMode(input, UnixFileMode.None);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        var output = _dir.File("out");
        Directory.CreateDirectory(output);
        var dll = typeof(PrivacyShare.Cli.CliApp).Assembly.Location;
        string[] command = ["dotnet", dll, "pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", Path.Combine(output, "p.csv")];

        (int Code, string Output)? run;
        if (Environment.UserName == "root" || Processes.Run("id", null, "-u") is { Output: var uid } && uid.Trim() == "0")
        {
            // The key and the output folder belong to nobody; the extract stays root's, mode 000.
            File.SetUnixFileMode(_dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            Assert.Equal(0, Processes.Run("chown", null, $"{Nobody}:{Nobody}", _dir.File("k.key"), output)?.Code);
            run = Processes.Run("setpriv", null, ["--reuid", Nobody, "--regid", Nobody, "--clear-groups", .. command]);
            Tools.Require(run is not null, "setpriv (util-linux)");
        }
        else
        {
            run = Processes.Run(command[0], null, command[1..]);
        }

        Assert.Equal(2, run!.Value.Code);
        Assert.Contains($"{input}: cannot be read: permission denied", run.Value.Output);
        Assert.False(File.Exists(Path.Combine(output, "p.csv")));
    }
}
