using System.Collections.Immutable;
using PrivacyShare.IO;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Releases;

/// <summary>
/// What a release publishes: the dataset, the period, the mechanism and contribution bound, the
/// declared domains and the tables with their epsilons. Validated completely before any data is read
/// or any budget spent. See <c>docs/releases.md</c> and <c>examples/releases/</c>.
/// </summary>
public sealed class ReleaseSpec
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

    /// <summary>The default contribution bound of the tables (each table may set its own).</summary>
    public required int MaxRecordsPerPerson { get; init; }

    /// <summary>The tables.</summary>
    public required ImmutableArray<TableSpec> Tables { get; init; }

    /// <summary>The share of each table's epsilon spent on counting the records its bound leaves out.</summary>
    public required Rational DroppedShare { get; init; }

    /// <summary>The dropped-records counts, one per distinct (bound, stages) among the tables.</summary>
    public required ImmutableArray<Design.DroppedClass> DroppedClasses { get; init; }

    /// <summary>Every dimension the tables use, in order of first use, with its domain.</summary>
    public required ImmutableArray<Dimension> Dimensions { get; init; }

    /// <summary>The estimation design: domains, tables, groups and noise scales; no data.</summary>
    internal Estimation.MarginalModel Model => _model ??= BuildModel();

    private Estimation.MarginalModel? _model;

    /// <summary>The tables' margins and the shared ones, each under the margin its display values add up to.</summary>
    internal Estimation.MarginLattice Lattice => _lattice ??= Estimation.MarginLattice.Build(LatticeTables(), out _);

    private Estimation.MarginLattice? _lattice;

    private (string Name, Estimation.Margin Margin)[] LatticeTables() => [.. Tables.Select(t => (t.Name, MarginOf(t)))];

    /// <summary>A table's cells as a margin of the model.</summary>
    internal Estimation.Margin MarginOf(TableSpec table) => new(AttributesOf(table).Aggregate(0, (m, a) => m | 1 << a), table.Groups);

    /// <summary>The model attribute (index into <see cref="Dimensions"/>) of a dimension, or -1 when the release has none of that name.</summary>
    internal int AttributeOf(string dimension)
    {
        for (var i = 0; i < Dimensions.Length; i++)
        {
            if (Dimensions[i].Name == dimension)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The model attributes of a table's dimensions, in the table's order.</summary>
    internal int[] AttributesOf(TableSpec table) => [.. table.Dimensions.Select(d => AttributeOf(d.Name))];

    /// <summary>The release's total epsilon: the tables' epsilons added exactly.</summary>
    public Rational TotalEpsilon => PrivacyAccounting.Compose(Tables.Select(t => t.Epsilon));

    /// <summary>The noise of a table's measurements: the spec's mechanism at the table's scale.</summary>
    public NoiseMechanism NoiseOf(TableSpec table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return NoiseMechanism.Create(Mechanism, table.Scale);
    }

    /// <summary>The noise of a dropped-records count: the spec's mechanism at its scale.</summary>
    public NoiseMechanism NoiseOf(Design.DroppedClass dropped)
    {
        ArgumentNullException.ThrowIfNull(dropped);
        return NoiseMechanism.Create(Mechanism, dropped.Scale);
    }

    /// <summary>Loads and validates a spec file.</summary>
    /// <exception cref="InputException">The file is missing or the spec is invalid; the message names the field.</exception>
    public static ReleaseSpec Load(string path) => Load(path, null);

    /// <summary>
    /// Loads and validates a spec file, with its total epsilon replaced by <paramref name="epsilon"/> when
    /// given: a spec with weights splits the new total by them; a spec with an epsilon per table scales
    /// them all by the same exact factor. What <c>plan --epsilon</c> uses to compare totals.
    /// </summary>
    /// <exception cref="InputException">The file is missing, the spec is invalid, or <paramref name="epsilon"/> is not above 0 and at most 100.</exception>
    public static ReleaseSpec Load(string path, Rational? epsilon) => Compile(JsonFiles.Read(path, JsonContext.Default.ReleaseSpecJson, "release spec"), path, epsilon);

    /// <summary>
    /// Validates a spec given as JSON text (the file format of docs/releases.md), for a program that
    /// builds its spec in memory; <paramref name="source"/> names it in error messages.
    /// </summary>
    /// <exception cref="InputException">The spec is invalid; the message names the field.</exception>
    public static ReleaseSpec Parse(string json, string source = "(release spec)")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Compile(JsonFiles.Read(stream, JsonContext.Default.ReleaseSpecJson, source, "release spec"), source, null);
    }

    /// <summary>The model's query for one cell (<paramref name="cell"/> in row-major order) of <paramref name="table"/>, over <paramref name="stages"/>.</summary>
    internal Estimation.MarginalQuery CellQuery(TableSpec table, long cell, int stages)
    {
        var attributes = AttributesOf(table);
        var values = new ImmutableArray<int>[attributes.Length];
        for (var d = attributes.Length - 1; d >= 0; d--)
        {
            var n = table.Dimensions[d].Values.Length;
            values[d] = [(int)(cell % n)];
            cell /= n;
        }

        return new Estimation.MarginalQuery([.. attributes], [.. values], stages);
    }

    private Estimation.MarginalModel BuildModel() => new(
        [.. Dimensions.Select(d => d.Name)],
        [.. Dimensions.Select(d => d.Values.Length)],
        [.. Tables.Select(t => new Estimation.MarginalTable
        {
            Name = t.Name,
            Attributes = [.. AttributesOf(t)],
            Groups = t.Groups,
            Scale = t.Scale.ToDouble(),
            DroppedClass = t.DroppedClass,
        })]);

    // releaseChecks: false for a published release read back (query, score), whose spec passed every
    // check when it was made; it skips the margin lattice and the samplers' scale checks, which only a
    // release needs and which a cold query would pay for.
    internal static ReleaseSpec Compile(ReleaseSpecJson j, string source, Rational? epsilonOverride, bool releaseChecks = true)
    {
        InputException Error(string field, string problem) => Throw.Input(source, null, field, problem);
        string Required(string? value, string field) => string.IsNullOrWhiteSpace(value) ? throw Error(field, "is missing") : value;

        var dataset = Required(j.Dataset, "dataset");
        if (!IsSlug(dataset))
        {
            throw Error("dataset", $"'{dataset}' must be lower-case letters, digits, '-', '.' or '_' (it names the data package)");
        }

        // Text that reaches the manifest, the signature's trusted comment, METHODOLOGY.md and the
        // report: printable, one line, of a size a reader can take in. Checked here, before any data is
        // read or budget spent, because a release that fails on it later has spent its epsilon.
        string Text(string? value, string field, int most, bool required)
        {
            if (value is null && !required)
            {
                return "";
            }

            var text = Required(value, field);
            if (text.Length > most || text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator))
            {
                throw Error(field, $"must be one line of printable text, at most {most} characters (no tab or line break; it goes into the signature's trusted comment and the report)");
            }

            return text;
        }

        _ = Text(j.Title, "title", 300, required: true);
        _ = Text(j.Publisher, "publisher", 300, required: true);
        if (j.Version is not null && (Text(j.Version, "version", 64, required: true).Trim() != j.Version || j.Version.Contains(' ', StringComparison.Ordinal)))
        {
            throw Error("version", "must not contain spaces (it is part of the release's name in the trusted comment); use, for example, 2024-q1");
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

        var total = privacy.Epsilon;
        if (total is { } e && (e <= 0 || e > 100))
        {
            throw Error("privacy.epsilon", $"is {e}; give a number above 0 and at most 100");
        }

        if (epsilonOverride is { } o && (o.Sign <= 0 || o > new Rational(100, 1)))
        {
            throw Throw.Input(source, null, "epsilon", $"the total epsilon {o} must be above 0 and at most 100");
        }

        var droppedShare = privacy.DroppedShare ?? new Rational(1, 5);
        if (droppedShare <= 0 || droppedShare >= 1)
        {
            throw Error("privacy.dropped_share", $"is {droppedShare}; give a share above 0 and below 1 (default 0.2)");
        }

        var declared = j.Domains ?? [];
        foreach (var (name, values) in declared)
        {
            if (!Dimension.Names.Contains(name, StringComparer.Ordinal) || name == "arrest_month")
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

            // Values are written as CSV cells and read back by verify: codes only. A leading - = + @
            // would be rewritten by the spreadsheet-formula guard, so verify could never match it.
            foreach (var value in values)
            {
                if (!IsDomainValue(value))
                {
                    throw Error($"domains.{name}", $"lists '{Throw.Show(value)}': a value must be 1 to 64 letters, digits, spaces or . / _ - ( ) &, starting with a letter or digit (no leading - = + @, which spreadsheets read as a formula)");
                }
            }

            if (Dimension.BuiltIn(name) is { } codes && values.Any(v => !codes.Contains(v, StringComparer.Ordinal)))
            {
                throw Error($"domains.{name}", $"lists a value that is not a {name} code; its codes are {string.Join(", ", codes)}");
            }
        }

        var months = Enumerable.Range(0, from.MonthsThrough(to)).Select(i => from.Plus(i).ToString()).ToImmutableArray();
        Dimension DimensionOf(string name, string field)
        {
            if (!Dimension.Names.Contains(name, StringComparer.Ordinal))
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
            if (!IsSlug(name) || tables.Any(x => x.Name == name))
            {
                throw Error(at + ".name", $"'{name}' must be unique and use lower-case letters, digits, '-', '.' or '_' (it names a file)");
            }

            if (ReservedTableNames.Contains(name, StringComparer.Ordinal))
            {
                throw Error(at + ".name", $"'{name}' names a file every release writes itself ({name}.csv or {name}.json); choose another name");
            }

            var dims = p.Dimensions is { Count: > 0 } d ? d : throw Error(at + ".dimensions", "is missing or empty");
            if (dims.Distinct(StringComparer.Ordinal).Count() != dims.Count)
            {
                throw Error(at + ".dimensions", "names a dimension twice");
            }

            var measures = p.Measures is { Count: > 0 } m ? m : throw Error(at + ".measures", "is missing or empty");
            foreach (var measure in measures)
            {
                if (!TableSpec.MeasureNames.Contains(measure, StringComparer.Ordinal) || measures.Count(x => x == measure) > 1)
                {
                    throw Error(at + ".measures", $"'{measure}' is not a measure or is named twice; use {string.Join(", ", TableSpec.MeasureNames)}");
                }
            }

            if (total is null ? p.Epsilon is null : p.Epsilon is not null)
            {
                throw Error(at + ".epsilon", total is null
                    ? "is missing; give every table its epsilon, or give privacy.epsilon and let the tables' weights split it"
                    : "is given together with privacy.epsilon; give either privacy.epsilon (split by the tables' weights) or an epsilon per table");
            }

            if (p.Epsilon is { } epsilon && (epsilon <= 0 || epsilon > 100))
            {
                throw Error(at + ".epsilon", $"is {epsilon}; give a number above 0 and at most 100");
            }

            if (p.Weight is { } weight && (total is null || weight <= 0 || weight > 1_000_000))
            {
                throw Error(at + ".weight", total is null
                    ? "needs privacy.epsilon: weights split a total epsilon"
                    : $"is {weight}; give a number above 0 and at most 1000000");
            }

            var tableBound = p.MaxRecordsPerPerson ?? bound;
            if (tableBound is < 1 or > 1000)
            {
                throw Error(at + ".max_records_per_person", $"is {tableBound}; give a whole number from 1 to 1000");
            }

            var table = new TableSpec
            {
                Name = name,
                Dimensions = [.. dims.Select((x, k) => DimensionOf(x, $"{at}.dimensions[{k}]"))],
                Measures = [.. measures],
                Epsilon = p.Epsilon ?? Rational.Zero,
                MeasurementEpsilon = Rational.Zero,
                Bound = tableBound,
                Weight = p.Weight ?? 1,
                DroppedClass = 0,
            };
            tables.Add(table);
        }

        if (tables.Sum(x => x.Cells) > MaxCells)
        {
            throw Error("tables", $"would publish {tables.Sum(x => x.Cells):N0} cells; at most {MaxCells:N0}");
        }

        var share = droppedShare;
        if (total is null && epsilonOverride is { } scaledTotal)
        {
            // Per-table epsilons: the same exact factor for every table keeps their proportions.
            var factor = scaledTotal / PrivacyAccounting.Compose(tables.Select(x => x.Epsilon));
            for (var i = 0; i < tables.Count; i++)
            {
                tables[i] = tables[i] with { Epsilon = tables[i].Epsilon * factor };
            }
        }

        if (total is not null)
        {
            var whole = epsilonOverride ?? total.Value;
            var epsilons = Design.BudgetSplit.Split(whole,
                [.. tables.Select(t => (double)t.Weight)],
                [.. tables.Select(t => (double)t.Bound * t.Bound * t.Cells * t.Measures.Sum(m => t.Groups.Count(g => (g & Design.Stages.Of(m)) != 0)))]);
            for (var i = 0; i < tables.Count; i++)
            {
                if (epsilons[i].Sign <= 0)
                {
                    throw Error($"tables[{i}].weight", $"leaves table {tables[i].Name} no epsilon from the total {whole}; raise its weight or the total");
                }

                tables[i] = tables[i] with { Epsilon = epsilons[i] };
            }
        }

        // Tables with the same bound over the same stages leave out the same records: one count serves them.
        var classes = tables.Select(t => (t.Bound, t.Coverage)).Distinct().ToList();
        var droppedClasses = classes.Select(c =>
        {
            var members = tables.Where(t => (t.Bound, t.Coverage) == c).ToList();
            return new Design.DroppedClass
            {
                Name = $"dropped_{TableSpec.MeasureNames[System.Numerics.BitOperations.TrailingZeroCount(c.Coverage)]}_bound_{c.Bound}",
                Bound = c.Bound,
                Stages = c.Coverage,
                Groups = Design.Stages.GroupsFor(members.SelectMany(t => t.Measures)),
                Tables = [.. members.Select(t => t.Name)],
                Epsilon = PrivacyAccounting.Compose(members.Select(t => t.Epsilon)) * share,
            };
        }).ToImmutableArray();
        for (var i = 0; i < tables.Count; i++)
        {
            tables[i] = tables[i] with
            {
                MeasurementEpsilon = tables[i].Epsilon * (Rational.One - share),
                DroppedClass = classes.IndexOf((tables[i].Bound, tables[i].Coverage)),
            };
            if (releaseChecks)
            {
                CheckScale(tables[i].Scale, $"tables[{i}]");
            }
        }

        foreach (var c in droppedClasses.Where(_ => releaseChecks))
        {
            CheckScale(c.Scale, "privacy.dropped_share");
        }

        void CheckScale(Rational scale, string field)
        {
            try
            {
                _ = NoiseMechanism.Create(mechanism, scale);
            }
            catch (ArgumentOutOfRangeException x)
            {
                throw Error(field, $"gives a noise scale PrivacyShare cannot sample: {x.Message.Split(Environment.NewLine)[0]}");
            }
        }

        var allDimensions = tables.SelectMany(t => t.Dimensions).GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => g.First()).ToImmutableArray();
        var spec = new ReleaseSpec
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
            DroppedShare = share,
            DroppedClasses = droppedClasses,
            Dimensions = allDimensions,
        };

        // The display values need every shared margin to nest; a spec where they do not is refused
        // before any data is read. A published release passed this check when it was made.
        if (releaseChecks)
        {
            spec._lattice = Estimation.MarginLattice.Build(spec.LatticeTables(), out var latticeProblem);
            if (latticeProblem is not null)
            {
                throw Error("tables", latticeProblem);
            }

            // Every published margin must be determined by the measurements (exactly: StageInverse), or
            // the estimate would be missing a table after the budget is spent.
            for (var i = 0; i < spec.Tables.Length; i++)
            {
                foreach (var measure in spec.Tables[i].Measures)
                {
                    if (spec.Model.Unidentified(spec.CellQuery(spec.Tables[i], 0, Design.Stages.Of(measure))) is not null)
                    {
                        throw Error($"tables[{i}].measures", $"the tables do not determine {measure} by {string.Join(" x ", spec.Tables[i].Dimensions.Select(d => d.Name))}; measure the stages it needs in this table");
                    }
                }
            }
        }

        return spec;
    }

    // Files of a release folder that a table's name.csv (or a dataset's) must not collide with.
    private static readonly string[] ReservedTableNames = ["measurements", "datapackage", "report", "methodology"];

    private static bool IsDomainValue(string value) =>
        value.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(value[0]) && value[^1] != ' ' &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '/' or '_' or '-' or '(' or ')' or '&');

    /// <summary>A dataset or table name: 1 to 100 of a-z 0-9 . _ -, starting with a letter or digit.</summary>
    // ^[a-z0-9][a-z0-9._-]*$, by hand: a regex costs a cold query about 14 ms to compile.
    internal static bool IsSlug(string text) =>
        text.Length is > 0 and <= 100 && char.IsAsciiLetterLower(text[0]) | char.IsAsciiDigit(text[0]) &&
        text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
}
