using System.Collections.Immutable;
using PrivacyShare.Records;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A dimension a release table can be broken down by, with its declared domain: every value the
/// table publishes a cell for, fixed before any data is read so that which cells appear never depends
/// on the data. A value outside a spec-declared domain counts in an explicit <c>OTHER</c> cell.
/// </summary>
internal sealed class Dimension
{
    /// <summary>The cell that collects values outside a declared domain.</summary>
    public const string Other = "OTHER";

    internal Dimension(string name, ImmutableArray<string> values, bool hasOther)
    {
        Name = name;
        Values = values;
        HasOther = hasOther;
    }

    /// <summary>Dimensions a table may use.</summary>
    internal static ImmutableArray<string> Names { get; } =
        ["arrest_month", "period", "offense_level", "district", "race", "ethnicity", "sex", "age_band", "country_of_birth", "zip3"];

    /// <summary>The dimension's name (a column name).</summary>
    public string Name { get; }

    /// <summary>The published values, in order; <see cref="Other"/> last when <see cref="HasOther"/>.</summary>
    public ImmutableArray<string> Values { get; }

    /// <summary>Whether an <c>OTHER</c> cell collects values outside the domain.</summary>
    public bool HasOther { get; }

    /// <summary>The built-in domain of a coded dimension, or null when the spec must declare one.</summary>
    internal static ImmutableArray<string>? BuiltIn(string name) => name switch
    {
        "offense_level" => ["1", "2", "3"],
        "sex" => [.. ArrestCodes.SexCodes.Select(c => c.ToString())],
        "race" => [.. ArrestCodes.RaceCodes.Select(c => c.ToString())],
        "ethnicity" => [.. ArrestCodes.EthnicityCodes.Select(c => c.ToString())],
        "age_band" => AgeBands.Default.Labels,
        _ => null,
    };
}
