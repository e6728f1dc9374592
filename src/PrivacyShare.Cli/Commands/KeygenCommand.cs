using System.CommandLine;
using PrivacyShare.Pseudonymization;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare keygen</c>: create keys.</summary>
internal static class KeygenCommand
{
    public static Command Create() => new("keygen", "Create a key: 'pseudonym' for keyed pseudonyms, 'signing' for minisign-compatible release signatures.")
    {
        Pseudonym(),
        Signing(),
    };

    private static Command Signing()
    {
        var output = new Option<string>("--out")
        {
            Description = "Writes PREFIX.key (secret, mode 0600) and PREFIX.pub (public, 0644) in minisign's format",
            Required = true,
            HelpName = "PREFIX",
        };
        var passphraseFile = new Option<string?>("--passphrase-file")
        {
            Description = $"The passphrase on this file's first line (also: {Passphrases.EnvironmentVariable}, else you are asked)",
            HelpName = "F",
        };
        var unencrypted = new Option<bool>("--unencrypted") { Description = "Store the secret key without a passphrase (as minisign -W); keep such a key offline" };
        var force = Options.Force();
        var command = new Command("signing",
            "Create an Ed25519 signing key pair exactly as 'minisign -G' does (scrypt-encrypted by default), so anyone can verify releases with minisign.")
        {
            output, passphraseFile, unencrypted, force,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(unencrypted) && r.GetResult(passphraseFile) is { Implicit: false })
            {
                r.AddError("give either --passphrase-file or --unencrypted, not both");
            }
        });
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            var prefix = parse.GetValue(output)!;
            var encrypt = !parse.GetValue(unencrypted);
            if (File.Exists(prefix + ".key") && !File.Exists(prefix + ".pub") && !parse.GetValue(force))
            {
                // A key generation interrupted between its two files: complete the pair, refuse nothing.
                var completed = PrivacyShare.Signing.SigningKey.CompletePair(prefix, Passphrases.From(parse.GetValue(passphraseFile), stderr));
                stdout.WriteLine($"{prefix}.key had no {prefix}.pub (an interrupted keygen?): wrote {prefix}.pub from it, key {completed}; {prefix}.key is unchanged");
                return ExitCodes.Ok;
            }

            byte[] passphrase = encrypt ? Passphrases.From(parse.GetValue(passphraseFile), stderr)($"new signing key {prefix}.key", true) : [];
            try
            {
                var id = PrivacyShare.Signing.SigningKey.Create(prefix, passphrase, encrypt, parse.GetValue(force));
                stdout.WriteLine($"wrote signing key {id}: {prefix}.key (secret, mode 0600, {(encrypt ? "passphrase-protected" : "unencrypted")}) and {prefix}.pub (public)");
                stdout.WriteLine($"verify with: minisign -Vm FILE -p {prefix}.pub");
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(passphrase);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Pseudonym()
    {
        var output = new Option<string>("--out")
        {
            Description = "The key file to create (mode 0600). Keep it secret and backed up: without it, pseudonyms cannot be reproduced",
            Required = true,
            HelpName = "FILE",
        };
        var passphraseFile = new Option<string?>("--passphrase-file")
        {
            Description = $"Encrypt the key with the passphrase on this file's first line (also: {Passphrases.EnvironmentVariable}, or --encrypt to be asked)",
            HelpName = "F",
        };
        var encrypt = new Option<bool>("--encrypt")
        {
            Description = "Encrypt the key with a passphrase (Argon2id and XChaCha20-Poly1305); asked for when no file or variable gives it",
        };
        var force = Options.Force();
        var command = new Command("pseudonym",
            "Create a 32-byte HMAC-SHA256 pseudonym key from the OS random generator. " +
            "Unencrypted by default, in a format any HMAC tool can use (see SECURITY.md); the key itself is never printed.")
        {
            output, passphraseFile, encrypt, force,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, stderr) =>
        {
            var path = parse.GetValue(output)!;
            var file = parse.GetValue(passphraseFile);
            var encrypted = parse.GetValue(encrypt) || Passphrases.Supplied(file);
            byte[] passphrase = encrypted ? Passphrases.From(file, stderr)($"new pseudonym key {path}", true) : [];
            try
            {
                var id = PseudonymKey.Create(path, passphrase, encrypted, parse.GetValue(force));
                stdout.WriteLine($"wrote pseudonym key {id} to {path} (mode 0600, {(encrypted ? "passphrase-protected" : "unencrypted")})");
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(passphrase);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
