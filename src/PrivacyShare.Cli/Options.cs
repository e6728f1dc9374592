using System.CommandLine;
using System.Globalization;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Cli;

/// <summary>Options shared by several commands, defined once so they read the same everywhere.</summary>
internal static class Options
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON (shapes: docs/json.md)" };

    public static Option<bool> Force() => new("--force")
    {
        Description = "Replace output files that already exist (by default an existing file is never overwritten)",
    };

    public static Option<ArrestMonth?> Month(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (ArrestMonth.TryParse(text, out var month))
            {
                return month;
            }

            r.AddError($"{name}: '{text}' is not a month; write it as YYYY-MM, for example 2008-10");
            return null;
        },
    };

    public static Option<long> PositiveLong(string name, string description, long? defaultValue = null, long max = long.MaxValue)
    {
        var option = new Option<long>(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
                {
                    return value;
                }

                r.AddError($"{name} must be a whole number from 1 to {max:N0} (got '{text}')");
                return 0;
            },
        };
        if (defaultValue is { } d)
        {
            option.DefaultValueFactory = _ => d;
        }
        else
        {
            option.Required = true;
        }

        return option;
    }

    public static Option<Rational> Rational(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "E",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (PrivacyShare.Privacy.Rational.TryParse(text, out var value))
            {
                return value;
            }

            r.AddError($"{name}: '{text}' is not an exact number; write a decimal or a fraction, like 0.5, 10 or 1/3 (no exponents, NaN or infinity)");
            return default;
        },
    };

    public static Option<string?> Ledger() => new("--ledger")
    {
        Description = "The privacy-budget ledger (default: $PRIVACYSHARE_LEDGER, else $XDG_DATA_HOME/privacyshare/ledger.db, else ~/.local/share/privacyshare/ledger.db)",
        HelpName = "LEDGER.db",
    };

    public static Option<string?> LedgerKey() => new("--ledger-key")
    {
        Description = "The ledger key file that authenticates the ledger's entries (default: $PRIVACYSHARE_LEDGER_KEY, else the ledger's path with .key appended). " +
            "Created, mode 0600, with the ledger's first entry; keep it as safe as the signing key",
        HelpName = "LEDGER.key",
    };
}
