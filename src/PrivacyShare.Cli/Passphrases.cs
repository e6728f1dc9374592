using System.Security.Cryptography;
using System.Text;
using PrivacyShare.Keys;

namespace PrivacyShare.Cli;

/// <summary>
/// Where passphrases come from, in order: <c>--passphrase-file</c>, the PRIVACYSHARE_PASSPHRASE
/// environment variable, an interactive prompt without echo. Never a command-line value: those end
/// up in shell history and in every user's view of the process list.
/// </summary>
internal static class Passphrases
{
    public const string EnvironmentVariable = "PRIVACYSHARE_PASSPHRASE";

    /// <summary>True when a passphrase is available without asking (a file or the environment).</summary>
    public static bool Supplied(string? file) =>
        file is not null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static PassphraseSource From(string? file, TextWriter prompt) => (purpose, confirm) =>
    {
        if (file is not null)
        {
            return FromFile(file);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value)
        {
            return Encoding.UTF8.GetBytes(value);
        }

        if (Console.IsInputRedirected)
        {
            throw new RefusedException(
                $"{purpose} needs a passphrase: give --passphrase-file FILE or set {EnvironmentVariable} (no terminal to ask on)");
        }

        var first = Prompt($"Passphrase for {purpose}: ", prompt);
        if (confirm)
        {
            var second = Prompt("Repeat the passphrase: ", prompt);
            var same = first.AsSpan().SequenceEqual(second);
            CryptographicOperations.ZeroMemory(second);
            if (!same)
            {
                CryptographicOperations.ZeroMemory(first);
                throw new RefusedException("the two passphrases differ; nothing was written");
            }
        }

        return first;
    };

    // The file holds the passphrase on its first line; a final newline is not part of it.
    private static byte[] FromFile(string path)
    {
        var text = KeyFiles.ReadSecret(path, "passphrase file");
        var line = text.Split('\n')[0].TrimEnd('\r');
        if (line.Length == 0)
        {
            throw new InputException(path, 1, null, "the passphrase file is empty; put the passphrase on its first line");
        }

        return Encoding.UTF8.GetBytes(line);
    }

    private static byte[] Prompt(string question, TextWriter prompt)
    {
        prompt.Write(question);
        prompt.Flush();
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }

                continue;
            }

            chars.Add(key.KeyChar);
        }

        prompt.WriteLine();
        var bytes = Encoding.UTF8.GetBytes(chars.ToArray());
        chars.Clear();
        return bytes;
    }
}
