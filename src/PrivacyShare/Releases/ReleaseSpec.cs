using System.Collections.Immutable;
using System.Text.RegularExpressions;
using PrivacyShare.IO;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Releases;

/// <summary>
/// What a release publishes: the dataset, the period, the mechanism and contribution bound, the
/// declared domains and the tables with their epsilons. Validated completely before any data is read
/// or any budget spent. See <c>docs/releases.md</c> and <c>examples/releases/</c>.
/// </summary>
public sealed partial class ReleaseSpec
{
    /// <summary>The most cells a release may publish: far beyond any useful table, short of a memory hazard.</summary>
    public const long MaxCells = 10_000_000;

    private ReleaseSpec()
    {
    }

    /// <summary>The dataset the privacy budget belongs to.</summary>
    public required string Dataset { get; init; }

    /// <summary>The human title.</summary>
    public required string Title { get; init; }

    /// <summary>Who publishes.</summary>
    public required string Publisher { get; init; }

    /// <summary>The release version, if the spec fixes one (otherwise the ledger sequence number is used).</summary>
    public string? Version { get; init; }

    /// <summary>The first month counted.</summary>
    public required ArrestMonth From { get; init; }

    /// <summary>The last month counted.</summary>
    public required ArrestMonth To { get; init; }

    /// <summary>The noise mechanism's name.</summary>
    public required string Mechanism { get; init; }

    /// <summary>At most this many records of each person are used.</summary>
    public required int MaxRecordsPerPerson { get; init; }

    /// <summary>The tables.</summary>
    public required ImmutableArray<TableSpec> Tables { get; init; }

    /// <summary>The release's total epsilon: the tables' epsilons added exactly.</summary>
    public Rational TotalEpsilon => PrivacyAccounting.Compose(Tables.Select(t => t.Epsilon));

    /// <summary>Loads and validates a spec file.</summary>
    /// <exception cref="InputException">The file is missing or the spec is invalid; the message names the field.</exception>
    public static ReleaseSpec Load(string path) => Compile(JsonFiles.Read(path, JsonContext.Default.ReleaseSpecJson, "release spec"), path);

    private static ReleaseSpec Compile(ReleaseSpecJson j, string source)
    {
        InputException Error(string field, string problem) => new(source, null, field, problem);
        string Required(string? value, string field) => string.IsNullOrWhiteSpace(value) ? throw Error(field, "is missing") : value;

        var dataset = Required(j.Dataset, "dataset");
        if (!Slug().IsMatch(dataset))
        {
            throw Error("dataset", $"'{dataset}' must be lower-case letters, digits, '-', '.' or '_' (it names the data package)");
        }

        var period = j.Period ?? throw Error("period", "is missing; give from and to months (yyyy-MM)");
        var from = ArrestMonth.TryParse(Required(period.From, "period.from"), out var f) ? f : throw Error("period.from", $"'{period.From}' is not a month; write yyyy-MM");
        var to = ArrestMonth.TryParse(Required(period.To, "period.to"), out var t) ? t : throw Error("period.to", $"'{period.To}' is not a month; write yyyy-MM");
        if (to < from)
        {
            throw Error("period", $"ends ({to}) before it starts ({from})");
        }

        var privacy = j.Privacy ?? throw Error("privacy", "is missing; give mechanism and max_records_per_person");
        var mechanism = Required(privacy.Mechanism, "privacy.mechanism");
        if (mechanism != DiscreteLaplace.MechanismName)
        {
            throw Error("privacy.mechanism", $"'{mechanism}' is not supported for releases; use {DiscreteLaplace.MechanismName} (pure epsilon-DP, which the budget ledger accounts)");
        }

        var bound = privacy.MaxRecordsPerPerson ?? throw Error("privacy.max_records_per_person", "is missing; give the most records of one person a release may use");
        if (bound is < 1 or > 1000)
        {
            throw Error("privacy.max_records_per_person", $"is {bound}; give a whole number from 1 to 1000");
        }

        var declared = j.Domains ?? [];
        foreach (var (name, values) in declared)
        {
            if (!Dimension.Names.Contains(name) || name == "arrest_month")
            {
                throw Error($"domains.{name}", name == "arrest_month"
                    ? "arrest_month's domain is the period; remove it here"
                    : $"is not a dimension; use one of {string.Join(", ", Dimension.Names.Where(n => n != "arrest_month"))}");
            }

            if (values is null || values.Count == 0)
            {
                throw Error($"domains.{name}", "is empty; list every value to publish a cell for");
            }

            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count || values.Contains(Dimension.Other))
            {
                throw Error($"domains.{name}", $"lists a value twice or lists {Dimension.Other}, which is added by itself");
            }
        }

        var months = Enumerable.Range(0, from.MonthsThrough(to)).Select(i => from.Plus(i).ToString()).ToImmutableArray();
        Dimension DimensionOf(string name, string field)
        {
            if (!Dimension.Names.Contains(name))
            {
                throw Error(field, $"'{name}' is not a dimension; use one of {string.Join(", ", Dimension.Names)}");
            }

            if (name == "arrest_month")
            {
                return new Dimension { Name = name, Values = months, HasOther = false };
            }

            if (declared.TryGetValue(name, out var values))
            {
                return new Dimension { Name = name, Values = [.. values, Dimension.Other], HasOther = true };
            }

            return Dimension.BuiltIn(name) is { } builtIn
                ? new Dimension { Name = name, Values = builtIn, HasOther = false }
                : throw Error(field, $"'{name}' has no declared domain; list its values under domains.{name}");
        }

        var parts = j.Tables is { Count: > 0 } tp ? tp : throw Error("tables", "is missing or empty; give at least one table");
        var tables = new List<TableSpec>();
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            var at = $"tables[{i}]";
            var name = Required(p.Name, at + ".name");
            if (!Slug().IsMatch(name) || tables.Any(x => x.Name == name))
            {
                throw Error(at + ".name", $"'{name}' must be unique and use lower-case letters, digits, '-', '.' or '_' (it names a file)");
            }

            var dims = p.Dimensions is { Count: > 0 } d ? d : throw Error(at + ".dimensions", "is missing or empty");
            if (dims.Distinct().Count() != dims.Count)
            {
                throw Error(at + ".dimensions", "names a dimension twice");
            }

            var measures = p.Measures is { Count: > 0 } m ? m : throw Error(at + ".measures", "is missing or empty");
            foreach (var measure in measures)
            {
                if (!TableSpec.MeasureNames.Contains(measure) || measures.Count(x => x == measure) > 1)
                {
                    throw Error(at + ".measures", $"'{measure}' is not a measure or is named twice; use {string.Join(", ", TableSpec.MeasureNames)}");
                }
            }

            var epsilon = p.Epsilon ?? throw Error(at + ".epsilon", "is missing; every table needs its epsilon");
            if (epsilon <= 0 || epsilon > 100)
            {
                throw Error(at + ".epsilon", $"is {epsilon}; give a number above 0 and at most 100");
            }

            var table = new TableSpec
            {
                Name = name,
                Dimensions = [.. dims.Select((x, k) => DimensionOf(x, $"{at}.dimensions[{k}]"))],
                Measures = [.. measures],
                Epsilon = Rational.FromDecimal(epsilon),
            };
            tables.Add(table);
        }

        if (tables.Sum(x => x.Cells) > MaxCells)
        {
            throw Error("tables", $"would publish {tables.Sum(x => x.Cells):N0} cells; at most {MaxCells:N0}");
        }

        return new ReleaseSpec
        {
            Dataset = dataset,
            Title = Required(j.Title, "title"),
            Publisher = Required(j.Publisher, "publisher"),
            Version = j.Version,
            From = from,
            To = to,
            Mechanism = mechanism,
            MaxRecordsPerPerson = bound,
            Tables = [.. tables],
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex Slug();
}
