using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;
using PrivacyShare.Records;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// What <c>pseudonymize</c> does with each input column: keep, drop, pseudonymize, generalize, or use
/// it only inside the person identity. Every input column must be named, so nothing passes through by
/// accident. The built-in default is <c>examples/policies/default.json</c>; see <c>docs/policies.md</c>.
/// </summary>
public sealed class PseudonymPolicy
{
    /// <summary>The format tag every policy file starts with.</summary>
    public const string Format = "privacyshare-policy/1";

    /// <summary>
    /// Columns that identify a person directly; a policy may not keep them (pseudonymize, drop or use
    /// them in the person identity instead). Booking numbers are in public court dockets.
    /// </summary>
    public static ImmutableArray<string> DirectIdentifiers { get; } =
        [ArrestSchema.LastName, ArrestSchema.FirstName, ArrestSchema.Dob, ArrestSchema.FbiNumber, ArrestSchema.BookingId];

    private static readonly string[] DefaultQuasiIdentifiers =
        ["arrest_month", "age_band", ArrestSchema.Sex, ArrestSchema.Race, ArrestSchema.Ethnicity, ArrestSchema.CountryOfBirth, "zip3", ArrestSchema.District];

    private PseudonymPolicy(string source, PersonIdentity? person, ImmutableArray<ColumnRule> columns, ImmutableArray<string> quasiIdentifiers)
    {
        Source = source;
        Person = person;
        Columns = columns;
        QuasiIdentifiers = quasiIdentifiers;
    }

    /// <summary>Where the policy came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The person identity, when the policy outputs one.</summary>
    internal PersonIdentity? Person { get; }

    /// <summary>The rules, in output order.</summary>
    internal ImmutableArray<ColumnRule> Columns { get; }

    /// <summary>The output columns the risk report groups by.</summary>
    public ImmutableArray<string> QuasiIdentifiers { get; }

    /// <summary>The output header, in order.</summary>
    public IEnumerable<string> OutputColumns =>
        (Person is null ? [] : new[] { Person.Output }).Concat(Columns.Where(c => c.Output is not null).Select(c => c.Output!));

    /// <summary>The built-in policy for the canonical extract.</summary>
    public static PseudonymPolicy Default { get; } = LoadBuiltIn("default.json", "(built-in default policy)");

    /// <summary>
    /// The built-in policy for a canonical extract that gives the age at arrest instead of the date of
    /// birth: <see cref="Default"/> with <c>age</c> in place of <c>dob</c>.
    /// </summary>
    public static PseudonymPolicy DefaultForAges { get; } = LoadBuiltIn("ages.json", "(built-in policy for extracts with ages)");

    /// <summary>The built-in policy for an extract with this header: <see cref="DefaultForAges"/> when it gives ages, else <see cref="Default"/>.</summary>
    public static PseudonymPolicy DefaultFor(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return ArrestSchema.HasAge(header) ? DefaultForAges : Default;
    }

    /// <summary>Loads and validates a policy file.</summary>
    /// <exception cref="InputException">The file is missing, not JSON, or inconsistent; the message names the field.</exception>
    public static PseudonymPolicy Load(string path) => Compile(JsonFiles.Read(path, PolicyJsonContext.Default.PolicyJson, "policy file"), path);

    /// <summary>
    /// Validates a policy given as JSON text (the file format of docs/policies.md), for a program that
    /// builds its policy in memory; <paramref name="source"/> names it in error messages.
    /// </summary>
    /// <exception cref="InputException">The policy is invalid; the message names the field.</exception>
    public static PseudonymPolicy Parse(string json, string source = "(policy)")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Compile(JsonFiles.Read(stream, PolicyJsonContext.Default.PolicyJson, source, "policy"), source);
    }

    private static PseudonymPolicy LoadBuiltIn(string name, string source)
    {
        using var stream = typeof(PseudonymPolicy).Assembly.GetManifestResourceStream("PrivacyShare.Pseudonymization.Policies." + name)!;
        return Compile(JsonFiles.Read(stream, PolicyJsonContext.Default.PolicyJson, source, "policy"), source);
    }

    // The generalize rule's age bands: the policy's ("bands": ["<18", "18-24", ...]), else the default.
    private static AgeBands BandsOf(PolicyJson.ColumnPart c, string at, Func<string, string, InputException> error)
    {
        if (c.Bands is not { } labels)
        {
            return AgeBands.Default;
        }

        if (labels.Count == 0 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw error(at + ".bands", "must list each band once, e.g. [\"<18\", \"18-24\", \"25-44\", \"45-64\", \"65+\"]");
        }

        return AgeBands.Parse(labels, out var problem) ?? throw error(at + ".bands", problem!);
    }

    internal static PseudonymPolicy Compile(PolicyJson j, string source)
    {
        InputException Error(string field, string problem) => Throw.BadField(source, field, problem);

        if (j.Format != Format)
        {
            throw Error("format", $"is '{j.Format}'; this version of PrivacyShare reads '{Format}'");
        }

        var parts = j.Columns ?? throw Error("columns", "is missing; name every input column with an action");
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        var rules = new List<ColumnRule>();
        PersonIdentity? person = null;
        if (j.Person is { } p)
        {
            var output = p.Output ?? "person_id";
            var primary = p.Primary ?? [];
            var fallback = p.Fallback ?? [];
            if (primary.Count + fallback.Count == 0)
            {
                throw Error("person", "names no column; give 'primary' and/or 'fallback' columns");
            }

            person = new PersonIdentity(output, [.. primary], [.. fallback]);
            outputs.Add(output);
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var c = parts[i];
            var at = $"columns[{i}]";
            var input = c.Input ?? throw Error(at + ".input", "is missing");
            if (!inputs.Add(input))
            {
                throw Error(at + ".input", $"'{input}' is named twice; give each input column one action");
            }

            var action = c.Action switch
            {
                "keep" => ColumnAction.Keep,
                "drop" => ColumnAction.Drop,
                "pseudonymize" => ColumnAction.Pseudonymize,
                "generalize" => ColumnAction.Generalize,
                "person" => ColumnAction.Person,
                _ => throw Error(at + ".action", $"'{c.Action}' is not an action; use keep, drop, pseudonymize, generalize or person"),
            };

            GeneralizeRule? rule = null;
            if (action == ColumnAction.Generalize)
            {
                rule = c.Rule switch
                {
                    "month" => GeneralizeRule.Month,
                    "year" => GeneralizeRule.Year,
                    "age_band" => GeneralizeRule.AgeBand,
                    "zip3" => GeneralizeRule.Zip3,
                    _ => throw Error(at + ".rule", $"'{c.Rule}' is not a rule; use month, year, age_band or zip3"),
                };
                if (rule == GeneralizeRule.AgeBand && c.At is null && input != ArrestSchema.Age)
                {
                    throw Error(at + ".at", "is missing; age_band needs the date column the age is taken at, e.g. \"arrest_date\"");
                }

                if (rule == GeneralizeRule.AgeBand && c.At is not null && input == ArrestSchema.Age)
                {
                    throw Error(at + ".at", $"is given, but {ArrestSchema.Age} is already the age at arrest; remove \"at\"");
                }

                if (c.Bands is not null && rule != GeneralizeRule.AgeBand)
                {
                    throw Error(at + ".bands", "applies only to the rule age_band; remove it");
                }
            }
            else if (c.Rule is not null || c.At is not null || c.Bands is not null)
            {
                throw Error(at + ".rule", $"only generalize takes a rule; '{input}' is {c.Action}");
            }

            if (action == ColumnAction.Keep && DirectIdentifiers.Contains(input, StringComparer.Ordinal))
            {
                throw Error(at + ".action", $"'{input}' identifies a person directly and cannot be kept; use pseudonymize, person or drop");
            }

            if (action == ColumnAction.Person && (person is null || !person.Columns.Contains(input, StringComparer.Ordinal)))
            {
                throw Error(at + ".action", $"'{input}' has action person but is not in person.primary or person.fallback");
            }

            string? outputName = action switch
            {
                ColumnAction.Drop or ColumnAction.Person => null,
                ColumnAction.Generalize => c.Output ?? throw Error(at + ".output", "is missing; name the generalized column, e.g. \"arrest_month\""),
                _ => c.Output ?? input,
            };
            if (outputName is not null && !outputs.Add(outputName))
            {
                throw Error(at + ".output", $"'{outputName}' is output twice; output names must be unique");
            }

            rules.Add(new ColumnRule(input, action, rule, c.At, outputName) { Pattern = PatternOf(c, action, at, Error), Bands = BandsOf(c, at, Error) });
        }

        if (person is not null)
        {
            foreach (var column in person.Columns.Where(col => !inputs.Contains(col)))
            {
                throw Error("person", $"'{column}' is in the person identity but not in columns; add it (action person, or another action)");
            }
        }

        foreach (var rule in rules.Where(r => r.At is not null && !inputs.Contains(r.At)))
        {
            throw Error("columns", $"'{rule.Input}' takes its age at '{rule.At}', which is not in columns");
        }

        var safeOutputs = rules.Where(r => r.Action is ColumnAction.Keep or ColumnAction.Generalize).Select(r => r.Output!).ToHashSet(StringComparer.Ordinal);
        ImmutableArray<string> qis;
        if (j.QuasiIdentifiers is { } named)
        {
            foreach (var q in named.Where(q => !safeOutputs.Contains(q)))
            {
                throw Error("quasi_identifiers", $"'{q}' is not a kept or generalized output column; name those only");
            }

            qis = [.. named.Distinct(StringComparer.Ordinal)];
        }
        else
        {
            qis = [.. DefaultQuasiIdentifiers.Where(safeOutputs.Contains)];
        }

        return new PseudonymPolicy(source, person, [.. rules], qis);
    }

    // A kept column's own code format, as a whole-value match. Compiled without backtracking, so a
    // pattern cannot make pseudonymize slow whatever the data (no catastrophic backtracking).
    private static System.Text.RegularExpressions.Regex? PatternOf(PolicyJson.ColumnPart c, ColumnAction action, string at, Func<string, string, InputException> error)
    {
        if (c.Pattern is not { } pattern)
        {
            return null;
        }

        if (action != ColumnAction.Keep)
        {
            throw error(at + ".pattern", $"only keep takes a pattern; '{c.Input}' is {c.Action}");
        }

        return CodeFormat.Compile(pattern, out var problem) ?? throw error(at + ".pattern", problem!);
    }
}
