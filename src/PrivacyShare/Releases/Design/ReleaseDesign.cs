using System.Collections.Immutable;
using System.Numerics;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Estimation;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A release's design, computed once from what was declared (a spec, or a published manifest read
/// back) and never from data: each table's epsilon, measurement epsilon, scale and ready noise; the
/// dropped-records counts; the estimation model and the margin lattice the display values follow.
/// </summary>
/// <remarks>
/// The epsilon route: the spec's total (or per-table) epsilon, split by <see cref="BudgetSplit"/>, is
/// <see cref="TableDesign.Epsilon"/>; its measurement share gives <see cref="TableDesign.Scale"/> and
/// <see cref="TableDesign.Noise"/>, which the release samples. Nothing recomputes a scale later.
/// </remarks>
internal sealed class ReleaseDesign
{
    /// <summary>The most cells a release may publish: far beyond any useful table, short of a memory hazard.</summary>
    public const long MaxCells = 10_000_000;

    private MarginLattice? _lattice;
    private ImmutableArray<(ImmutableArray<double> Cell, ImmutableArray<double> Total)> _halfWidths;

    private ReleaseDesign(ReleaseDesign regular, ImmutableArray<SummaryDesign> summaries)
        : this(regular.Heading, regular.DroppedShare, regular.Dimensions, regular.Tables, regular.Dropped)
    {
        Summaries = summaries;
        _lattice = regular._lattice;
    }

    private ReleaseDesign(ReleaseHeading heading, Rational droppedShare, ImmutableArray<Dimension> dimensions, ImmutableArray<TableDesign> tables, ImmutableArray<DroppedDesign> dropped)
    {
        Heading = heading;
        DroppedShare = droppedShare;
        Dimensions = dimensions;
        Tables = tables;
        Dropped = dropped;
        TotalEpsilon = PrivacyAccounting.Compose(tables.Select(t => t.Epsilon));
        Model = new MarginalModel(
            [.. dimensions.Select(d => d.Name)],
            [.. dimensions.Select(d => d.Values.Length)],
            [.. tables.Select(t => new MarginalTable
            {
                Name = t.Name,
                Attributes = t.Attributes,
                Groups = [.. t.Groups.Select(g => (int)g)],
                MeasureStages = [.. t.Measures.Select(m => (int)Stages.Of(m, heading.Events))],
                Scale = t.Scale.ToDouble(),
                DroppedClass = t.Dropped,
            })]);
    }

    /// <summary>The dataset, title, publisher, version and period.</summary>
    public ReleaseHeading Heading { get; }

    /// <summary>The share of each table's epsilon spent on counting the records its bound leaves out.</summary>
    public Rational DroppedShare { get; }

    /// <summary>Every dimension the tables use, in order of first use, with its domain: the model's attributes.</summary>
    public ImmutableArray<Dimension> Dimensions { get; }

    /// <summary>The tables, in the declared order.</summary>
    public ImmutableArray<TableDesign> Tables { get; }

    /// <summary>The dropped-records counts, one per distinct (bound, stages) among the tables.</summary>
    public ImmutableArray<DroppedDesign> Dropped { get; }

    /// <summary>The release's epsilon: the tables' epsilons added exactly.</summary>
    public Rational TotalEpsilon { get; }

    /// <summary>
    /// A calendar release's summaries measured so far (docs/calendar.md): each measures the published
    /// tables again over its span, and the estimate combines them with the regular periods by GLS. Empty
    /// for any other release.
    /// </summary>
    public ImmutableArray<SummaryDesign> Summaries { get; } = [];

    /// <summary>Every table measured: the published ones, then each summary's, in the order of <see cref="Summaries"/>.</summary>
    public IEnumerable<TableDesign> MeasuredTables => Tables.Concat(Summaries.SelectMany(s => s.Design.Tables));

    /// <summary>Every dropped-records count measured: the regular ones, then each summary's.</summary>
    public IEnumerable<DroppedDesign> MeasuredDropped => Dropped.Concat(Summaries.SelectMany(s => s.Design.Dropped));

    /// <summary>The estimation model: domains, tables, groups and noise scales.</summary>
    public MarginalModel Model { get; }

    /// <summary>The tables' margins and the shared ones, each under the margin its display values add up to.</summary>
    public MarginLattice Lattice => _lattice ??= MarginLattice.Build(LatticeTables(), out _);

    /// <summary>
    /// Per table, per measure, the 95% noise half-widths of one cell and of the table's total: computed
    /// once, for <c>plan</c>, the release's plan and its METHODOLOGY.md alike.
    /// </summary>
    public ImmutableArray<(ImmutableArray<double> Cell, ImmutableArray<double> Total)> HalfWidths =>
        _halfWidths.IsDefault ? _halfWidths = ReleaseEstimates.HalfWidths(Model) : _halfWidths;

    /// <summary>
    /// A calendar design's tables as declared, with the dimension <c>period</c> running over
    /// <paramref name="periods"/>: what a release of one period, or a span of <c>plan</c>, is built from.
    /// </summary>
    public IEnumerable<DeclaredTable> DeclaredOver(IEnumerable<CalendarPeriod> periods)
    {
        var period = new Dimension("period", [.. periods.Select(p => p.Label)], hasOther: false);
        return Tables.Select(t => new DeclaredTable(t.Name, [.. t.Dimensions.Select(d => d.Name == "period" ? period : d)], t.Measures, t.Epsilon, 1, t.Bound));
    }

    /// <summary>
    /// This calendar design (its tables by period) with the summaries named by <paramref name="spans"/>
    /// (labels such as 2009), each over the periods of its span: the tables without <c>period</c>, at the
    /// summary's share of the epsilon, table by table.
    /// </summary>
    /// <exception cref="InputException">A span is not a summary of the calendar, or not all its periods are in this design.</exception>
    public ReleaseDesign WithSummaries(IEnumerable<string> spans, string source, bool forRelease)
    {
        var calendar = Heading.Calendar ?? throw Throw.Bug("summaries of a release without a calendar");
        var period = Dimensions[AttributeOf("period")].Values;
        var factor = calendar.SummaryShare / calendar.RegularShare;
        var summaries = spans.Select(label =>
        {
            var span = calendar.Find(label, out var problem) is { IsSummary: true } found ? found : throw Throw.BadField(source, "privacy.calendar.summaries", problem.Length > 0 ? problem : $"'{Throw.Show(label)}' is not a summary of this calendar");
            var periods = calendar.PeriodsIn(span).Select(p => period.IndexOf(p.Label)).ToImmutableArray();
            if (periods.Contains(-1))
            {
                throw Throw.BadField(source, "privacy.calendar.summaries", $"the summary {label} spans periods this release does not publish");
            }

            // A summary spends nothing on dropped-records counts: it measures its span's events again as
            // the calendar capped them when first measured, so the events its bounds leave out are the
            // ones the regular releases' counts already hold, and those serve its intervals. Its whole
            // epsilon goes to its tables.
            var declared = Tables.Select(t => new DeclaredTable(SummaryDesign.TableName(t.Name, label), [.. t.Dimensions.Where(d => d.Name != "period")], t.Measures, t.Epsilon * factor, 1, t.Bound)).ToList();
            return new SummaryDesign(span, periods, Create(Heading, declared, Rational.Zero, null, source, forRelease, "@" + label));
        }).ToImmutableArray();
        return new ReleaseDesign(this, summaries);
    }

    /// <summary>
    /// The estimator of this design's tables from the noisy measurements of every measured table and
    /// dropped-records count (in the order of <see cref="MeasuredTables"/> and <see cref="MeasuredDropped"/>).
    /// With summaries, each summarized span is estimated with its summary (a block of its own; spans share
    /// no measurement), and the periods no summary joined with the tables alone; the allowance for
    /// left-out events uses the regular releases' dropped-records counts, which cover every period.
    /// </summary>
    /// <param name="measured">Every measured table's noisy measurements.</param>
    /// <param name="dropped">Every dropped-records count drawn: class (in <see cref="MeasuredDropped"/>), group, noisy value and the release that drew it.</param>
    /// <param name="sequences">The release that drew each measurement of <paramref name="measured"/>: in a calendar, where each release's left-out events lie.</param>
    public ReleaseEstimator Estimator(IReadOnlyList<double[]> measured, IReadOnlyList<(int Class, int Group, long Value, long Sequence)> dropped, IReadOnlyList<long[]> sequences)
    {
        var regular = LeftOut(dropped, sequences);
        if (Summaries.IsEmpty)
        {
            // A one-shot release's left-out records lie in their arrest months when a class counts them so.
            var period = Heading.Calendar is not null ? AttributeOf("period") : Dropped.FirstOrDefault(d => d.PeriodAttribute >= 0)?.PeriodAttribute ?? -1;
            return new ReleaseEstimator(Model, [new EstimationBlock(Model, Lattice, null, measured)], regular, period);
        }

        var at = AttributeOf("period");
        var periods = Dimensions[at].Values;
        var blocks = new List<EstimationBlock>();
        var offset = Tables.Length;
        var covered = new HashSet<int>();
        foreach (var summary in Summaries)
        {
            var block = Block(summary.Periods, summary);
            blocks.Add(new EstimationBlock(block.Model, block.Lattice, [.. summary.Periods], [.. Slice(measured, summary.Periods), .. measured.Skip(offset).Take(summary.Design.Tables.Length)]));
            offset += summary.Design.Tables.Length;
            covered.UnionWith(summary.Periods);
        }

        var rest = Enumerable.Range(0, periods.Length).Where(p => !covered.Contains(p)).ToImmutableArray();
        if (!rest.IsEmpty)
        {
            var block = Block(rest, null);
            blocks.Add(new EstimationBlock(block.Model, block.Lattice, [.. rest], Slice(measured, rest)));
        }

        return new ReleaseEstimator(Model, [.. blocks], regular, at);
    }

    // The regular classes' dropped-records measurements, one per class and release that drew it. In a
    // calendar each release measures the new events of the periods it reads, so the events its bounds
    // left out lie in those periods: the periods whose regular measurements that release drew.
    private DroppedMeasurement[] LeftOut(IReadOnlyList<(int Class, int Group, long Value, long Sequence)> dropped, IReadOnlyList<long[]> sequences)
    {
        var periodsOf = new Dictionary<long, SortedSet<int>>();
        if (Heading.Calendar is not null)
        {
            var at = AttributeOf("period");
            for (var t = 0; t < Tables.Length; t++)
            {
                var table = Tables[t];
                var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
                var position = table.Attributes.IndexOf(at);
                var values = new int[sizes.Length];
                var groups = table.Groups.Length;
                for (long cell = 0; cell < table.Cells; cell++)
                {
                    CellIndex.Decode(cell, sizes, values);
                    for (var g = 0; g < groups; g++)
                    {
                        var s = sequences[t][cell * groups + g];
                        (periodsOf.TryGetValue(s, out var set) ? set : periodsOf[s] = []).Add(values[position]);
                    }
                }
            }
        }

        // A class kept per arrest month (one-shot) gives one measurement per month, its records in that month.
        return [.. dropped.Where(d => d.Class < Dropped.Length)
            .GroupBy(d => (d.Class, d.Sequence, Period: d.Group / Dropped[d.Class].Groups.Length))
            .OrderBy(x => x.Key.Sequence).ThenBy(x => x.Key.Class).ThenBy(x => x.Key.Period).Select(x =>
        {
            var c = Dropped[x.Key.Class];
            var first = x.Key.Period * c.Groups.Length;
            return new DroppedMeasurement(x.Key.Class, [.. c.Groups.Select(g => (int)g)],
                [.. c.Groups.Select((_, g) => (double)x.Where(d => d.Group == first + g).Sum(d => d.Value))], c.Scale.ToDouble(),
                Heading.Calendar is not null ? [.. periodsOf.GetValueOrDefault(x.Key.Sequence) ?? []]
                : c.PeriodAttribute >= 0 ? [x.Key.Period] : []);
        })];
    }

    /// <summary>
    /// The design of one estimation block of a calendar: the tables over <paramref name="periods"/>
    /// (indexes into the period dimension), with <paramref name="summary"/>'s tables when given. What a
    /// release estimates, and what <c>plan</c> computes the precision of.
    /// </summary>
    public ReleaseDesign Block(IReadOnlyList<int> periods, SummaryDesign? summary) =>
        Create(Heading, [.. DeclaredOver(periods.Select(p => Heading.Calendar!.Periods[p])),
            .. (summary?.Design.Tables ?? []).Select(t => new DeclaredTable(t.Name, t.Dimensions, t.Measures, t.MeasurementEpsilon / (Rational.One - DroppedShare), 1, t.Bound))],
            DroppedShare, null, "(calendar block)", forRelease: false);

    // The regular tables' measurements of the given periods, in a block's layout (the period dimension
    // running over those periods only).
    private double[][] Slice(IReadOnlyList<double[]> measured, IReadOnlyList<int> periods)
    {
        var at = AttributeOf("period");
        var local = new Dictionary<int, int>();
        for (var i = 0; i < periods.Count; i++)
        {
            local[periods[i]] = i;
        }

        return [.. Tables.Select((t, i) =>
        {
            var sizes = t.Dimensions.Select(d => d.Values.Length).ToArray();
            var position = t.Attributes.IndexOf(at);
            var localSizes = sizes.ToArray();
            localSizes[position] = periods.Count;
            var groups = t.Groups.Length;
            var result = new double[localSizes.Aggregate(1L, (n, s) => n * s) * groups];
            var values = new int[sizes.Length];
            for (long cell = 0; cell < t.Cells; cell++)
            {
                CellIndex.Decode(cell, sizes, values);
                if (!local.TryGetValue(values[position], out var p))
                {
                    continue;
                }

                values[position] = p;
                var target = CellIndex.Encode(values, localSizes);
                Array.Copy(measured[i], cell * groups, result, target * groups, groups);
            }

            return result;
        })];
    }

    /// <summary>The model attribute (index into <see cref="Dimensions"/>) of a dimension, or -1 when the release has none of that name.</summary>
    public int AttributeOf(string dimension)
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

    /// <summary>
    /// The design of <paramref name="declared"/>. With <paramref name="total"/>, the total is split among
    /// the tables by their weights (<see cref="BudgetSplit"/>); without it, each table's own epsilon is
    /// used. A design <paramref name="forRelease"/> carries the samplers of its noise and refuses what
    /// a release cannot publish (margins that do not nest, or that the tables do not determine, scales
    /// the samplers refuse). A design read back from a published release (or varied from one, to
    /// score it) has no samplers: it draws no noise, and it passed those checks when it was made, so a
    /// cold query need not pay for them again. A design read back from a manifest gives <c>perMonth</c>,
    /// the dropped-records counts it kept per arrest month as it says (a release made before that rule
    /// kept one count each); null applies the rule.
    /// </summary>
    /// <exception cref="InputException">The design cannot be published; the message names <paramref name="source"/> and the spec's field.</exception>
    public static ReleaseDesign Create(ReleaseHeading heading, IReadOnlyList<DeclaredTable> declared, Rational droppedShare, Rational? total, string source, bool forRelease, string droppedSuffix = "", IReadOnlySet<string>? perMonth = null)
    {
        var events = heading.Events;
        var epsilons = total is { } whole ? Split(whole, declared, source, events) : [.. declared.Select(t => t.Epsilon ?? throw Throw.Bug($"table {t.Name} has no epsilon and the release no total"))];

        // Tables with the same bound over the same stages leave out the same records: one count serves them.
        // A design with no dropped share (a calendar's summary) has none.
        // A table that refuses records beyond its bound leaves none out: it needs no count.
        var classOf = declared.Select(t => (t.Bound, Coverage: Stages.Union(Stages.GroupsFor(t.Measures, events)))).ToArray();
        var classes = classOf.Where((_, i) => !declared[i].RefusesBeyondBound).Distinct().Where(_ => droppedShare.Sign != 0).ToList();
        var dimensions = declared.SelectMany(t => t.Dimensions).GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => g.First()).ToImmutableArray();
        var month = dimensions.IndexOf(dimensions.FirstOrDefault(d => d.Name == "arrest_month")!);
        var dropped = classes.Select(c =>
        {
            var members = Enumerable.Range(0, declared.Count).Where(i => classOf[i] == c && !declared[i].RefusesBeyondBound).ToArray();

            // A class whose tables by arrest month pay at least half its epsilon counts its left-out records
            // per month: the vector has the same sensitivity (the bound) as one count, so a month's cells
            // allow for that month's left-out records alone (on the example, arrests by month: 36% of the
            // true count wide instead of 64%). Its tables without months then allow for the sum of the
            // months' counts, whose noise is about sqrt(2 x months) times one count's (district x race:
            // 182% instead of 117%), so the tables that pay for the count decide how it is kept.
            var paid = PrivacyAccounting.Compose(members.Select(i => epsilons[i]));
            var share = members.Select(i => declared[i].DroppedShare ?? droppedShare).ToArray();

            // Records: the first stage covered names the class (arrests covers every stage after it). Events:
            // each kind covered is named, since one kind does not imply the others.
            var first = (Measure)BitOperations.TrailingZeroCount((int)c.Coverage);
            var covered = events
                ? string.Join('_', Enum.GetValues<Measure>().Where(m => ((int)c.Coverage >> (int)m & 1) == 1).Select(Measures.Name))
                : Measures.Name(first);
            var name = $"dropped_{covered}_bound_{c.Bound}{droppedSuffix}";
            var byMonth = month >= 0 && (perMonth?.Contains(name)
                ?? 2 * PrivacyAccounting.Compose(members.Where(i => declared[i].Dimensions.Any(d => d.Name == "arrest_month")).Select(i => epsilons[i])) >= paid);
            return Checked(() => new DroppedDesign(
                name,
                c.Bound,
                c.Coverage,
                Stages.GroupsFor(members.SelectMany(i => declared[i].Measures), events),
                [.. members.Select(i => declared[i].Name)],
                PrivacyAccounting.Compose(members.Select((i, j) => epsilons[i] * share[j])),
                forRelease,
                byMonth ? month : -1,
                byMonth ? dimensions[month] : null), source, "privacy.dropped_share");
        }).ToImmutableArray();

        var tables = declared.Select((t, i) => Checked(() => new TableDesign(t, epsilons[i], t.DroppedShare ?? droppedShare,
            t.RefusesBeyondBound ? -1 : classes.IndexOf(classOf[i]),
            [.. t.Dimensions.Select(d => dimensions.IndexOf(dimensions.First(x => x.Name == d.Name)))], forRelease, events), source, $"tables[{i}]")).ToImmutableArray();
        var design = new ReleaseDesign(heading, droppedShare, dimensions, tables, dropped);
        if (forRelease)
        {
            design.CheckEstimable(source);
        }

        return design;
    }

    // The display values need every shared margin to nest, and every published margin must be
    // determined by the measurements (exactly: StageInverse), or the estimate would be missing a table
    // after the budget is spent. Both are refused before any data is read.
    private void CheckEstimable(string source)
    {
        _lattice = MarginLattice.Build(LatticeTables(), out var problem);
        if (problem is not null)
        {
            throw Throw.BadField(source, "tables", problem);
        }

        for (var t = 0; t < Tables.Length; t++)
        {
            foreach (var measure in Tables[t].Measures)
            {
                if (Model.Unidentified(Model.CellQuery(t, 0, (int)Stages.Of(measure, Heading.Events))) is not null)
                {
                    throw Throw.BadField(source, $"tables[{t}].measures",
                        $"the tables do not determine {Measures.Name(measure)} by {string.Join(" x ", Tables[t].Dimensions.Select(d => d.Name))}; measure the stages it needs in this table");
                }
            }
        }
    }

    private (string Name, Margin Margin)[] LatticeTables() => [.. Model.Tables.Select(t => (t.Name, t.Margin))];

    // The total split by the tables' weights and costs: B^2 x the measurements their published values sum.
    private static Rational[] Split(Rational total, IReadOnlyList<DeclaredTable> tables, string source, bool events)
    {
        var costs = tables.Select(t =>
        {
            var groups = Stages.GroupsFor(t.Measures, events);
            var cells = t.Dimensions.Aggregate(1L, (n, d) => n * d.Values.Length);
            return (double)t.Bound * t.Bound * cells * t.Measures.Sum(m => groups.Count(g => (g & Stages.Of(m, events)) != StageSet.None));
        }).ToArray();
        var epsilons = BudgetSplit.Split(total, [.. tables.Select(t => (double)t.Weight)], costs);
        for (var i = 0; i < epsilons.Length; i++)
        {
            if (epsilons[i].Sign <= 0)
            {
                throw Throw.BadField(source, $"tables[{i}].weight", $"leaves table {tables[i].Name} no epsilon from the total {total}; raise its weight or the total");
            }
        }

        return epsilons;
    }

    // A noise scale the samplers refuse is the spec's fault: named at its field.
    private static T Checked<T>(Func<T> make, string source, string field)
    {
        try
        {
            return make();
        }
        catch (ArgumentOutOfRangeException x)
        {
            throw Throw.BadField(source, field, $"gives a noise scale PrivacyShare cannot sample: {x.Message.Split(Environment.NewLine)[0]}");
        }
    }
}
