using System.CommandLine;
using PrivacyShare.Records;

namespace PrivacyShare.Cli;

/// <summary>Options shared by several commands, defined once so they read the same everywhere.</summary>
internal static class Options
{
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
        var option = new Option<long>(name) { Description = description, HelpName = "N" };
        if (defaultValue is { } d)
        {
            option.DefaultValueFactory = _ => d;
        }
        else
        {
            option.Required = true;
        }

        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<long>();
            if (value < 1 || value > max)
            {
                r.AddError($"{name} must be from 1 to {max:N0} (got {value})");
            }
        });
        return option;
    }
}
