using PrivacyShare.Internals;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Builds a <see cref="PseudonymPolicy"/> in code, rule for rule as the policy file (docs/policies.md);
/// <see cref="Build"/> validates it with the same rules as <see cref="PseudonymPolicy.Load(string)"/>.
/// Columns are output in the order they are added.
/// </summary>
/// <example>
/// <code>
/// var policy = new PseudonymPolicyBuilder()
///     .Person("person_id", primary: ["fbi_number"], fallback: ["last_name", "first_name", "dob"])
///     .Pseudonymize("booking_id")
///     .Generalize("arrest_date", GeneralizeRule.Month, "arrest_month")
///     .Keep("charge_code", pattern: "[0-9]{2,3}[A-Z]?/[0-9]{1,3}[A-Z]?")
///     .Drop("charge_description")
///     .QuasiIdentifiers("arrest_month")
///     .Build();
/// </code>
/// </example>
internal sealed class PseudonymPolicyBuilder
{
    private readonly PolicyJson _json;

    /// <summary>Starts an empty policy; every input column must then be given a rule.</summary>
    public PseudonymPolicyBuilder(string? description = null)
    {
        _json = new PolicyJson { Format = PseudonymPolicy.Format, Description = description, Columns = [], QuasiIdentifiers = [] };
    }

    /// <summary>
    /// The person pseudonym, written to <paramref name="output"/>: from the <paramref name="primary"/>
    /// columns when all are filled, else from the <paramref name="fallback"/> ones. Each of them also
    /// needs a <see cref="PersonColumn"/> rule.
    /// </summary>
    public PseudonymPolicyBuilder Person(string output, IEnumerable<string> primary, IEnumerable<string> fallback)
    {
        _json.Person = new PolicyJson.PersonPart { Output = output, Primary = [.. primary], Fallback = [.. fallback] };
        return this;
    }

    /// <summary>A column used only in the person pseudonym, never output.</summary>
    public PseudonymPolicyBuilder PersonColumn(string input) => Add(input, "person");

    /// <summary>A column kept as it is (codes only: the schema's code format, or <paramref name="pattern"/>).</summary>
    public PseudonymPolicyBuilder Keep(string input, string? output = null, string? pattern = null) => Add(input, "keep", output: output, pattern: pattern);

    /// <summary>A column left out of the output.</summary>
    public PseudonymPolicyBuilder Drop(string input) => Add(input, "drop");

    /// <summary>A column replaced by its keyed pseudonym.</summary>
    public PseudonymPolicyBuilder Pseudonymize(string input, string? output = null) => Add(input, "pseudonymize", output: output);

    /// <summary>A column generalized by <paramref name="rule"/> into <paramref name="output"/>; an age band takes the date column <paramref name="at"/>.</summary>
    public PseudonymPolicyBuilder Generalize(string input, GeneralizeRule rule, string output, string? at = null) =>
        Add(input, "generalize", rule switch
        {
            GeneralizeRule.Month => "month",
            GeneralizeRule.Year => "year",
            GeneralizeRule.AgeBand => "age_band",
            GeneralizeRule.Zip3 => "zip3",
            _ => throw Throw.OutOfRange(nameof(rule), rule, "not a generalization rule"),
        }, at, output);

    /// <summary>The output columns the risk report measures re-identification over.</summary>
    public PseudonymPolicyBuilder QuasiIdentifiers(params string[] columns)
    {
        _json.QuasiIdentifiers = [.. columns];
        return this;
    }

    /// <summary>Validates the policy, as a policy file is validated.</summary>
    /// <exception cref="InputException">The policy is invalid or incomplete; the message names the rule.</exception>
    public PseudonymPolicy Build() => PseudonymPolicy.Compile(_json, "(built policy)");

    private PseudonymPolicyBuilder Add(string input, string action, string? rule = null, string? at = null, string? output = null, string? pattern = null)
    {
        _json.Columns!.Add(new PolicyJson.ColumnPart { Input = input, Action = action, Rule = rule, At = at, Output = output, Pattern = pattern });
        return this;
    }
}
