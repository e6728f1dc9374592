using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases;

/// <summary>
/// What a release publishes, as the user declared it: the dataset, the period, the contribution bound,
/// the declared domains and the tables with their epsilons or weights. Validated completely, and its
/// design (<see cref="Design"/>) computed, before any data is read or any budget spent. See
/// <c>docs/releases.md</c> and <c>examples/releases/</c>.
/// </summary>
public sealed class ReleaseSpec
{
    /// <summary>The most cells a release may publish: far beyond any useful table, short of a memory hazard.</summary>
    public const long MaxCells = ReleaseDesign.MaxCells;

    // Files of a release folder that a table's name.csv (or a dataset's) must not collide with.
    private static readonly string[] ReservedTableNames = ["measurements", "datapackage", "report", "methodology"];

    private ReleaseSpec(ReleaseDesign design)
    {
        Design = design;
    }

    /// <summary>The dataset the privacy budget belongs to.</summary>
    public string Dataset => Design.Heading.Dataset;

    /// <summary>The human title.</summary>
    public string Title => Design.Heading.Title;

    /// <summary>The release's epsilon: the tables' epsilons added exactly.</summary>
    public Rational TotalEpsilon => Design.TotalEpsilon;

    /// <summary>The first month counted.</summary>
    public ArrestMonth From => Design.Heading.From;

    /// <summary>The last month counted.</summary>
    public ArrestMonth To => Design.Heading.To;

    /// <summary>The design: every table's epsilon, scale and noise, the dropped-records counts, the estimation model.</summary>
    internal ReleaseDesign Design { get; }

    /// <summary>The spec as its JSON gave it, to compile variants of (<see cref="BoundAdvisor"/>).</summary>
    internal ReleaseSpecJson? Json { get; private init; }

    /// <summary>The total epsilon that replaced the spec's, if one did.</summary>
    internal Rational? EpsilonOverride { get; private init; }

    /// <summary>Where the spec came from, as messages name it.</summary>
    internal string Source { get; private init; } = "(release spec)";

    /// <summary>
    /// This spec with table <paramref name="table"/>'s contribution bound set to <paramref name="bound"/>,
    /// compiled as the file would be (the dropped-records classes and shares follow).
    /// </summary>
    internal ReleaseSpec WithBound(int table, int bound)
    {
        var json = Json ?? throw Internals.Throw.Bug("a spec without its JSON");
        return Compile(json.WithTableBound(table, bound), Source, EpsilonOverride);
    }

    /// <summary>
    /// For a calendar's spec: the one-shot spec of its tables over the calendar's span (each period
    /// dimension by arrest month), which the bound advisor weighs; null for a one-shot spec.
    /// </summary>
    internal ReleaseSpec? AsOneShot() =>
        Design.Heading.Calendar is null ? null
        : Compile((Json ?? throw Internals.Throw.Bug("a spec without its JSON")).AsOneShot(), Source, EpsilonOverride);

    /// <summary>With <c>"dropped_share": "auto"</c>, the share chosen and the widths it gives; else null.</summary>
    internal DroppedShareChoice? ShareChoice { get; init; }

    /// <summary>Loads and validates a spec file.</summary>
    /// <exception cref="InputException">The file is missing or the spec is invalid; the message names the field.</exception>
    public static ReleaseSpec Load(string path) => Load(path, null);

    /// <summary>
    /// Loads and validates a spec file, with its total epsilon replaced by <paramref name="epsilon"/> when
    /// given: a spec with weights splits the new total by them; a spec with an epsilon per table scales
    /// them all by the same exact factor. What <c>plan --epsilon</c> uses to compare totals.
    /// </summary>
    /// <exception cref="InputException">The file is missing, the spec is invalid, or <paramref name="epsilon"/> is not above 0 and at most 100.</exception>
    public static ReleaseSpec Load(string path, Rational? epsilon) => Compile(JsonFiles.Read(path, SpecJsonContext.Default.ReleaseSpecJson, "release spec"), path, epsilon);

    /// <summary>
    /// Validates a spec given as JSON text (the file format of docs/releases.md), for a program that
    /// builds its spec in memory; <paramref name="source"/> names it in error messages.
    /// </summary>
    /// <exception cref="InputException">The spec is invalid; the message names the field.</exception>
    public static ReleaseSpec Parse(string json, string source = "(release spec)")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Compile(JsonFiles.Read(stream, SpecJsonContext.Default.ReleaseSpecJson, source, "release spec"), source, null);
    }

    internal static ReleaseSpec Compile(ReleaseSpecJson json, string source, Rational? epsilonOverride)
    {
        var fields = new SpecFields(source);
        var heading = ReadHeading(json, fields);
        var privacy = json.Privacy ?? throw fields.Error("privacy", "is missing; give mechanism and max_records_per_person");
        var mechanism = fields.Required(privacy.Mechanism, "privacy.mechanism");
        if (mechanism != DiscreteLaplace.MechanismName)
        {
            throw fields.Error("privacy.mechanism", $"'{mechanism}' is not supported for releases; use {DiscreteLaplace.MechanismName} (pure epsilon-DP, which the budget ledger accounts)");
        }

        var bound = fields.Bound(privacy.MaxRecordsPerPerson ?? throw fields.Error("privacy.max_records_per_person", "is missing; give the most records of one person a release may use"), "privacy.max_records_per_person");
        var total = privacy.Epsilon is { } e ? fields.Epsilon(e, "privacy.epsilon") : (Rational?)null;
        if (epsilonOverride is { } o && (o.Sign <= 0 || o > new Rational(100, 1)))
        {
            throw fields.Error("epsilon", $"the total epsilon {o} must be above 0 and at most 100");
        }

        var droppedShare = privacy.DroppedShare?.Share ?? DroppedShareChoice.Default;
        if (droppedShare <= 0 || droppedShare >= 1)
        {
            throw fields.Error("privacy.dropped_share", $"is {droppedShare}; give a share above 0 and below 1 (default 0.2)");
        }

        var declared = ReadDomains(json.Domains ?? [], fields);
        var tables = ReadTables(json, heading, declared, total, bound, fields);
        if (total is null && epsilonOverride is { } scaledTotal)
        {
            // Per-table epsilons: the same exact factor for every table keeps their proportions.
            var factor = scaledTotal / PrivacyAccounting.Compose(tables.Select(x => x.Epsilon!.Value));
            tables = [.. tables.Select(t => t with { Epsilon = t.Epsilon * factor })];
        }

        // In a calendar the spec's epsilon is per period: the regular releases take their share of it,
        // the summaries the rest (docs/calendar.md).
        var share = heading.Calendar?.RegularShare ?? Rational.One;
        if (total is null && share != Rational.One)
        {
            tables = [.. tables.Select(t => t with { Epsilon = t.Epsilon * share })];
        }

        var whole = total is null ? (Rational?)null : (epsilonOverride ?? total) * share;

        // "auto": the shares that make the published intervals narrowest, from the spec alone. The
        // choice starts from the default's design, which is the release's when every share stays there.
        DroppedShareChoice? choice = null;
        ReleaseDesign? design = null;
        if (privacy.DroppedShare is { Auto: true })
        {
            if (heading.Calendar is not null)
            {
                throw fields.Error("privacy.dropped_share", "is auto, which a calendar does not take yet; give a share such as 0.2 (the default)");
            }

            var probe = ReleaseDesign.Create(heading, tables, DroppedShareChoice.Default, whole, source, forRelease: true);
            choice = DroppedShareChoice.Choose(tables, probe);
            if (choice.Shares.All(s => s is null || s == DroppedShareChoice.Default))
            {
                design = probe;
            }
            else
            {
                tables = [.. tables.Select((t, i) => t with { DroppedShare = choice.Shares[i] })];
            }
        }

        design ??= ReleaseDesign.Create(heading, tables, droppedShare, whole, source, forRelease: true);
        CheckLabels(design, fields);
        if (heading.Calendar is not null && design.Dropped.Length > Ledger.CalendarStore.MaxClasses)
        {
            throw fields.Error("tables", $"give {design.Dropped.Length} different contribution bounds over different measures; a calendar keeps at most {Ledger.CalendarStore.MaxClasses} (its store records, per event, which bounds counted it). Give tables that count the same measures the same max_records_per_person");
        }

        return new ReleaseSpec(design) { ShareChoice = choice, Json = json, Source = source, EpsilonOverride = epsilonOverride };
    }

    private static ReleaseHeading ReadHeading(ReleaseSpecJson j, SpecFields fields)
    {
        var dataset = fields.Required(j.Dataset, "dataset");
        if (!Slug.IsValid(dataset))
        {
            throw fields.Error("dataset", $"'{dataset}' must be lower-case letters, digits, '-', '.' or '_' (it names the data package)");
        }

        // Text that reaches the manifest, the signature's trusted comment, METHODOLOGY.md and the
        // report: printable, one line, of a size a reader can take in. Checked here, before any data is
        // read or budget spent, because a release that fails on it later has spent its epsilon.
        var title = fields.Line(j.Title, "title", 300);
        var publisher = fields.Line(j.Publisher, "publisher", 300);
        if (j.Version is not null && (fields.Line(j.Version, "version", 64).Trim() != j.Version || j.Version.Contains(' ', StringComparison.Ordinal)))
        {
            throw fields.Error("version", "must not contain spaces (it is part of the release's name in the trusted comment); use, for example, 2024-q1");
        }

        var calendar = j.Calendar is { } c ? ReadCalendar(c, fields) : null;
        var (notes, labels) = ReadForReaders(j, fields);
        if (calendar is not null && j.Period is null)
        {
            return new ReleaseHeading(dataset, title, publisher, j.Version, calendar.From, calendar.To, calendar, notes, labels);
        }

        var period = j.Period ?? throw fields.Error("period", "is missing; give from and to months (yyyy-MM)");
        var from = fields.Month(period.From, "period.from");
        var to = fields.Month(period.To, "period.to");
        if (to < from)
        {
            throw fields.Error("period", $"ends ({to}) before it starts ({from})");
        }

        if (calendar is not null && (from != calendar.From || to != calendar.To))
        {
            throw fields.Error("period", $"is {from} to {to}, but the calendar runs from {calendar.From} to {calendar.To}; remove period (the calendar gives it)");
        }

        return new ReleaseHeading(dataset, title, publisher, j.Version, from, to, calendar, notes, labels);
    }

    // What the spec says to readers: notes (each one line, shown in the report and METHODOLOGY.md) and
    // display labels for dimensions and values (checked against the domains once the design is made).
    private static (ImmutableArray<string> Notes, DisplayLabels? Labels) ReadForReaders(ReleaseSpecJson j, SpecFields fields)
    {
        var notes = (j.Notes ?? []).Select((n, i) => fields.Line(n, $"notes[{i}]", 1000)).ToImmutableArray();
        if (j.Labels is not { } l)
        {
            return (notes, null);
        }

        var dimensions = (l.Dimensions ?? []).ToDictionary(d => d.Key, d => fields.Line(d.Value, $"labels.dimensions.{d.Key}", 80), StringComparer.Ordinal);
        var values = (l.Values ?? []).ToDictionary(
            d => d.Key,
            d => (IReadOnlyDictionary<string, string>)(d.Value ?? []).ToDictionary(v => v.Key, v => fields.Line(v.Value, $"labels.values.{d.Key}.{v.Key}", 120), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return (notes, new DisplayLabels(dimensions, values));
    }

    // Every label names a dimension of the release and, for a value, a value of its domain: a label
    // nobody will see is a typo.
    private static void CheckLabels(ReleaseDesign design, SpecFields fields)
    {
        foreach (var (dimension, value) in design.Heading.Labels?.Declared ?? [])
        {
            var field = value is null ? $"labels.dimensions.{dimension}" : $"labels.values.{dimension}.{value}";
            var d = design.Dimensions.FirstOrDefault(x => x.Name == dimension)
                ?? throw fields.Error(field, $"labels '{dimension}', which no table of this release has; its dimensions are {string.Join(", ", design.Dimensions.Select(x => x.Name))}");
            if (value is not null && !d.Values.Contains(value, StringComparer.Ordinal))
            {
                throw fields.Error(field, $"labels '{value}', which is not a value of {dimension}; its values are {string.Join(", ", d.Values)}");
            }
        }
    }

    // docs/calendar.md: regular periods of one cadence, whole periods from the first to the last, and
    // optionally summaries over a longer cadence, which take a share of each period's epsilon.
    private static CalendarDesign ReadCalendar(ReleaseSpecJson.CalendarPart c, SpecFields fields)
    {
        if (!CalendarDesign.TryParseCadence(c.Cadence, out var cadence))
        {
            throw fields.Error("calendar.cadence", $"'{Throw.Show(c.Cadence ?? "")}' is not a cadence; use month, quarter or year");
        }

        var from = fields.Month(c.From, "calendar.from");
        var to = fields.Month(c.To, "calendar.to");
        var months = (int)cadence;
        if (to < from)
        {
            throw fields.Error("calendar", $"ends ({to}) before it starts ({from})");
        }

        if ((from.Month - 1) % months != 0 || to.Month % months != 0)
        {
            throw fields.Error("calendar", $"runs from {from} to {to}, which does not start and end with whole {c.Cadence}s; a {c.Cadence}ly calendar starts in " +
                (cadence == Cadence.Quarter ? "January, April, July or October and ends in March, June, September or December" : "January and ends in December"));
        }

        if (from.MonthsThrough(to) > CalendarDesign.MaxMonths)
        {
            throw fields.Error("calendar", $"spans {from.MonthsThrough(to)} months; at most {CalendarDesign.MaxMonths}");
        }

        Cadence? summary = null;
        if (c.Summary is { } s)
        {
            if (!CalendarDesign.TryParseCadence(s, out var longer) || longer <= cadence)
            {
                throw fields.Error("calendar.summary", $"'{Throw.Show(s)}' cannot summarize a {c.Cadence}ly calendar; a summary is longer than a period: " +
                    (cadence == Cadence.Month ? "quarter or year" : cadence == Cadence.Quarter ? "year" : "a yearly calendar has none"));
            }

            summary = longer;
        }

        var share = c.SummaryShare ?? new Rational(1, 2);
        if (c.SummaryShare is not null && summary is null)
        {
            throw fields.Error("calendar.summary_share", "needs calendar.summary: it is the share of each period's epsilon the summaries take");
        }

        if (share <= 0 || share >= 1)
        {
            throw fields.Error("calendar.summary_share", $"is {share}; give a share above 0 and below 1 (default 1/2)");
        }

        return new CalendarDesign(cadence, from, to, summary, share);
    }

    // The declared domains, checked value by value: values are written as CSV cells and read back by
    // verify, so codes only; a leading - = + @ would be rewritten by the spreadsheet-formula guard, so
    // verify could never match it.
    private static Dictionary<string, (List<string> Values, bool Other)> ReadDomains(Dictionary<string, DomainJson> declared, SpecFields fields)
    {
        var result = new Dictionary<string, (List<string> Values, bool Other)>(StringComparer.Ordinal);
        foreach (var (name, domain) in declared)
        {
            var field = $"domains.{name}";
            var values = domain?.Values;
            if (!Dimension.Names.Contains(name, StringComparer.Ordinal) || name is "arrest_month" or "period")
            {
                throw fields.Error(field, name is "arrest_month" or "period"
                    ? $"{name}'s domain is the {(name == "period" ? "calendar's periods" : "period")}; remove it here"
                    : $"is not a dimension; use one of {string.Join(", ", Dimension.Names.Where(n => n is not ("arrest_month" or "period")))}");
            }

            if (values is null || values.Count == 0)
            {
                throw fields.Error(field, "is empty; list every value to publish a cell for");
            }

            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count || values.Contains(Dimension.Other))
            {
                throw fields.Error(field, $"lists a value twice or lists {Dimension.Other}, which is added by itself");
            }

            if (values.FirstOrDefault(v => name == "age_band" ? !IsAgeBand(v) : !IsDomainValue(v)) is { } bad)
            {
                throw fields.Error(field, name == "age_band"
                    ? $"lists '{Throw.Show(bad)}', which is not an age band; write {AgeRange.Forms}"
                    : $"lists '{Throw.Show(bad)}': a value must be 1 to 64 letters, digits, spaces or . / _ - ( ) &, starting with a letter or digit (no leading - = + @, which spreadsheets read as a formula)");
            }

            // Age bands are the agency's own (NYPD: <18, 18-24, 25-44, 45-64, 65+): any ranges of ages
            // that share no age; the other built-in domains are code lists a spec may narrow.
            var builtIn = name == "age_band" ? null : Dimension.BuiltIn(name);
            if (builtIn is { } codes && values.Any(v => !codes.Contains(v, StringComparer.Ordinal)))
            {
                throw fields.Error(field, $"lists a value that is not a {name} code; its codes are {string.Join(", ", codes)}");
            }

            var bands = name == "age_band" ? AgeBands.Parse(values, out var problem) ?? throw fields.Error(field, problem!) : null;

            // An OTHER cell only where a record can fall in it: not beside a built-in code list declared in
            // full (every record's code is in it: the extract's validation refuses any other), nor beside
            // age bands that hold every age, and not where the spec says "other": false (a value outside
            // the list is then an input error).
            var complete = (builtIn is { } all && all.All(values.Contains)) || bands is { CoversEveryAge: true };
            if (complete && domain!.Other == true)
            {
                throw fields.Error(field + ".other", $"is true, but the list holds every {(bands is null ? name + " code" : "age")}, so no record could fall in an {Dimension.Other} cell; remove \"other\"");
            }

            result[name] = (values, !complete && domain!.Other != false);
        }

        return result;
    }

    private static ImmutableArray<DeclaredTable> ReadTables(ReleaseSpecJson j, ReleaseHeading heading, Dictionary<string, (List<string> Values, bool Other)> domains, Rational? total, int bound, SpecFields fields)
    {
        var months = Enumerable.Range(0, heading.From.MonthsThrough(heading.To)).Select(i => heading.From.Plus(i).ToString()).ToImmutableArray();
        Dimension DimensionOf(string name, string field)
        {
            if (!Dimension.Names.Contains(name, StringComparer.Ordinal))
            {
                throw fields.Error(field, $"'{name}' is not a dimension; use one of {string.Join(", ", Dimension.Names)}");
            }

            if (name == "arrest_month")
            {
                return heading.Calendar is null
                    ? new Dimension(name, months, hasOther: false)
                    : throw fields.Error(field, "a calendar counts events by the period the calendar first saw them, not by arrest month; use the dimension period");
            }

            if (name == "period")
            {
                return heading.Calendar is { } calendar
                    ? new Dimension(name, [.. calendar.Periods.Select(p => p.Label)], hasOther: false)
                    : throw fields.Error(field, "period is a calendar's dimension; declare a calendar (docs/calendar.md), or use arrest_month");
            }

            if (domains.TryGetValue(name, out var domain))
            {
                return domain.Other
                    ? new Dimension(name, [.. domain.Values, Dimension.Other], hasOther: true)
                    : new Dimension(name, [.. domain.Values], hasOther: false);
            }

            return Dimension.BuiltIn(name) is { } builtIn
                ? new Dimension(name, builtIn, hasOther: false)
                : throw fields.Error(field, $"'{name}' has no declared domain; list its values under domains.{name}");
        }

        var parts = j.Tables is { Count: > 0 } tp ? tp : throw fields.Error("tables", "is missing or empty; give at least one table");
        var tables = ImmutableArray.CreateBuilder<DeclaredTable>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            var at = $"tables[{i}]";
            var name = fields.Required(p.Name, at + ".name");
            if (!Slug.IsValid(name) || tables.Any(x => x.Name == name))
            {
                throw fields.Error(at + ".name", $"'{name}' must be unique and use lower-case letters, digits, '-', '.' or '_' (it names a file)");
            }

            if (ReservedTableNames.Contains(name, StringComparer.Ordinal))
            {
                throw fields.Error(at + ".name", $"'{name}' names a file every release writes itself ({name}.csv or {name}.json); choose another name");
            }

            var dims = p.Dimensions is { Count: > 0 } d ? d : throw fields.Error(at + ".dimensions", "is missing or empty");
            if (dims.Distinct(StringComparer.Ordinal).Count() != dims.Count)
            {
                throw fields.Error(at + ".dimensions", "names a dimension twice");
            }

            var measures = p.Measures is { Count: > 0 } m ? m : throw fields.Error(at + ".measures", "is missing or empty");
            var parsed = measures.Select(x => Measures.TryParse(x, out var measure) && measures.Count(y => y == x) == 1
                ? measure
                : throw fields.Error(at + ".measures", $"'{x}' is not a measure or is named twice; use {string.Join(", ", Measures.Names)}")).ToImmutableArray();
            if (total is null ? p.Epsilon is null : p.Epsilon is not null)
            {
                throw fields.Error(at + ".epsilon", total is null
                    ? "is missing; give every table its epsilon, or give privacy.epsilon and let the tables' weights split it"
                    : "is given together with privacy.epsilon; give either privacy.epsilon (split by the tables' weights) or an epsilon per table");
            }

            var epsilon = p.Epsilon is { } e ? fields.Epsilon(e, at + ".epsilon") : (Rational?)null;
            if (p.Weight is { } weight && (total is null || weight <= 0 || weight > 1_000_000))
            {
                throw fields.Error(at + ".weight", total is null
                    ? "needs privacy.epsilon: weights split a total epsilon"
                    : $"is {weight}; give a number above 0 and at most 1000000");
            }

            if (heading.Calendar is not null && !dims.Contains("period"))
            {
                throw fields.Error(at + ".dimensions", "lacks period: in a calendar every table is by period, the period in which the calendar first saw each event (a total since the start is a query over periods)");
            }

            // "refuse": the records unit declares that nobody exceeds the bound; a release refuses input that
            // does, before any budget is spent, so no dropped-records count is needed (docs/releases.md).
            var refuse = p.BeyondBound switch
            {
                null or "count" => false,
                "refuse" when heading.Calendar is null => true,
                "refuse" => throw fields.Error(at + ".beyond_bound", "is refuse, which a calendar does not take: a calendar caps each person's events across all its releases and counts the ones beyond with noise; leave it out"),
                var other => throw fields.Error(at + ".beyond_bound", $"is '{Throw.Show(other)}'; give count (the records beyond the bound are left out and counted with noise, the default) or refuse (a person with more records than the bound is an input error)"),
            };
            tables.Add(new DeclaredTable(name, [.. dims.Select((x, k) => DimensionOf(x, $"{at}.dimensions[{k}]"))], parsed,
                epsilon, p.Weight ?? 1, fields.Bound(p.MaxRecordsPerPerson ?? bound, at + ".max_records_per_person"), refuse));
        }

        var cells = tables.Sum(x => x.Dimensions.Aggregate(1L, (n, dim) => n * dim.Values.Length));
        return cells <= MaxCells ? tables.MoveToImmutable() : throw fields.Error("tables", $"would publish {cells:N0} cells; at most {MaxCells:N0}");
    }

    // An age band's label is an age range (AgeRange): digits, '-', a leading '<' or a trailing '+', none of
    // which starts a spreadsheet formula where it stands.
    private static bool IsAgeBand(string value) =>
        value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] == '<') && value.Trim() == value && AgeRange.TryParse(value, out _);

    private static bool IsDomainValue(string value) =>
        value.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(value[0]) && value[^1] != ' ' &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '/' or '_' or '-' or '(' or ')' or '&');
}
