using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Releases;

/// <summary>
/// Builds a <see cref="ReleaseSpec"/> in code, field for field as the spec file (docs/releases.md);
/// <see cref="Build"/> validates it with the same rules as <see cref="ReleaseSpec.Load(string)"/>.
/// </summary>
/// <example>
/// <code>
/// var spec = new ReleaseSpecBuilder("boston-secure-communities", "Removals", "Boston Police Department")
///     .Period(ArrestMonth.Of(new DateOnly(2008, 10, 1)), ArrestMonth.Of(new DateOnly(2010, 6, 1)))
///     .Epsilon(new Rational(1, 2)).MaxRecordsPerPerson(1)
///     .Domain("offense_level", "1", "2", "3")
///     .Table("removals_by_level", ["offense_level"], ["removals"])
///     .Build();
/// </code>
/// </example>
internal sealed class ReleaseSpecBuilder
{
    private readonly ReleaseSpecJson _json;

    /// <summary>Starts a spec for <paramref name="dataset"/> (the ledger's name for it), with its title and publisher.</summary>
    public ReleaseSpecBuilder(string dataset, string title, string publisher)
    {
        _json = new ReleaseSpecJson
        {
            Dataset = dataset,
            Title = title,
            Publisher = publisher,
            Privacy = new ReleaseSpecJson.PrivacyPart { Mechanism = DiscreteLaplace.MechanismName },
            Domains = new Dictionary<string, DomainJson>(StringComparer.Ordinal),
            Tables = [],
        };
    }

    /// <summary>The release's version (default: its sequence number in the ledger).</summary>
    public ReleaseSpecBuilder Version(string version)
    {
        _json.Version = version;
        return this;
    }

    /// <summary>The months of arrests counted, both included.</summary>
    public ReleaseSpecBuilder Period(ArrestMonth from, ArrestMonth to)
    {
        _json.Period = new ReleaseSpecJson.PeriodPart { From = from.ToString(), To = to.ToString() };
        return this;
    }

    /// <summary>The release's total epsilon, split among the tables by their weights.</summary>
    public ReleaseSpecBuilder Epsilon(Rational epsilon)
    {
        _json.Privacy!.Epsilon = epsilon;
        return this;
    }

    /// <summary>The default contribution bound: the most records of one person a table uses.</summary>
    public ReleaseSpecBuilder MaxRecordsPerPerson(int bound)
    {
        _json.Privacy!.MaxRecordsPerPerson = bound;
        return this;
    }

    /// <summary>The share of each table's epsilon spent counting the records its bound leaves out (default 1/5).</summary>
    public ReleaseSpecBuilder DroppedShare(Rational share)
    {
        _json.Privacy!.DroppedShare = new DroppedShareJson.Setting(share, Auto: false);
        return this;
    }

    /// <summary>The dropped share chosen by the expected interval widths (<c>"dropped_share": "auto"</c>).</summary>
    public ReleaseSpecBuilder AutoDroppedShare()
    {
        _json.Privacy!.DroppedShare = new DroppedShareJson.Setting(null, Auto: true);
        return this;
    }

    /// <summary>The values of <paramref name="dimension"/> to publish a cell for.</summary>
    public ReleaseSpecBuilder Domain(string dimension, params string[] values)
    {
        _json.Domains![dimension] = new DomainJson { Values = [.. values] };
        return this;
    }

    /// <summary>
    /// A table: its name, dimensions and measures; with a total epsilon, its <paramref name="weight"/>;
    /// without one, its own <paramref name="epsilon"/>; and optionally its own contribution bound, and
    /// with <paramref name="refuseBeyondBound"/> the declaration that no person exceeds it
    /// (<c>"beyond_bound": "refuse"</c>).
    /// </summary>
    public ReleaseSpecBuilder Table(string name, IEnumerable<string> dimensions, IEnumerable<string> measures,
        decimal? weight = null, Rational? epsilon = null, int? maxRecordsPerPerson = null, bool refuseBeyondBound = false)
    {
        _json.Tables!.Add(new ReleaseSpecJson.TablePart
        {
            Name = name,
            Dimensions = [.. dimensions],
            Measures = [.. measures],
            Weight = weight,
            Epsilon = epsilon,
            MaxRecordsPerPerson = maxRecordsPerPerson,
            BeyondBound = refuseBeyondBound ? "refuse" : null,
        });
        return this;
    }

    /// <summary>Validates the spec, as a spec file is validated, before any data is read.</summary>
    /// <exception cref="InputException">The spec is invalid; the message names the field.</exception>
    public ReleaseSpec Build() => ReleaseSpec.Compile(_json, "(built spec)", null);
}
