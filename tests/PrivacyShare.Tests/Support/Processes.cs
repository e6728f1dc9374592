using System.Diagnostics;

namespace PrivacyShare.Tests.Support;

/// <summary>Runs an outside tool (minisign, sqlite3) the way a user would.</summary>
public static class Processes
{
    /// <summary>The exit code and everything printed; null when the tool is not installed here.</summary>
    public static (int Code, string Output)? Run(string program, string? stdin, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info)!;
            if (stdin is not null)
            {
                p.StandardInput.Write(stdin);
            }

            p.StandardInput.Close();
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
