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

    /// <summary>The estimation model: domains, tables, groups and noise scales.</summary>
    public MarginalModel Model { get; }

    /// <summary>The tables' margins and the shared ones, each under the margin its display values add up to.</summary>
    public MarginLattice Lattice => _lattice ??= MarginLattice.Build(LatticeTables(), out _);

    /// <summary>
    /// Per table, per measure, the 95% noise half-widths of one cell and of the table's total: computed
    /// once, for <c>plan</c>, the release's plan and its METHODOLOGY.md alike.
    /// </summary>
    public ImmutableArray<(ImmutableArray<double> Cell, ImmutableArray<double> Total)> HalfWidths =>
        _halfWidths.IsDefault ? _halfWidths = [.. Tables.Select((_, t) => ReleaseEstimates.HalfWidths(Model, t))] : _halfWidths;

    /// <summary>
    /// A calendar design's tables as declared, with the dimension <c>period</c> running over
    /// <paramref name="periods"/>: what a release of one period, or a span of <c>plan</c>, is built from.
    /// </summary>
    public IEnumerable<DeclaredTable> DeclaredOver(IEnumerable<CalendarPeriod> periods)
    {
        var period = new Dimension("period", [.. periods.Select(p => p.Label)], hasOther: false);
        return Tables.Select(t => new DeclaredTable(t.Name, [.. t.Dimensions.Select(d => d.Name == "period" ? period : d)], t.Measures, t.Epsilon, 1, t.Bound));
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
    /// cold query need not pay for them again.
    /// </summary>
    /// <exception cref="InputException">The design cannot be published; the message names <paramref name="source"/> and the spec's field.</exception>
    public static ReleaseDesign Create(ReleaseHeading heading, IReadOnlyList<DeclaredTable> declared, Rational droppedShare, Rational? total, string source, bool forRelease)
    {
        var events = heading.Events;
        var epsilons = total is { } whole ? Split(whole, declared, source, events) : [.. declared.Select(t => t.Epsilon ?? throw Throw.Bug($"table {t.Name} has no epsilon and the release no total"))];

        // Tables with the same bound over the same stages leave out the same records: one count serves them.
        var classOf = declared.Select(t => (t.Bound, Coverage: Stages.Union(Stages.GroupsFor(t.Measures, events)))).ToArray();
        var classes = classOf.Distinct().ToList();
        var dropped = classes.Select(c =>
        {
            var members = Enumerable.Range(0, declared.Count).Where(i => classOf[i] == c).ToArray();
            // Records: the first stage covered names the class (arrests covers every stage after it). Events:
            // each kind covered is named, since one kind does not imply the others.
            var first = (Measure)BitOperations.TrailingZeroCount((int)c.Coverage);
            var covered = events
                ? string.Join('_', Enum.GetValues<Measure>().Where(m => ((int)c.Coverage >> (int)m & 1) == 1).Select(Measures.Name))
                : Measures.Name(first);
            return Checked(() => new DroppedDesign(
                $"dropped_{covered}_bound_{c.Bound}",
                c.Bound,
                c.Coverage,
                Stages.GroupsFor(members.SelectMany(i => declared[i].Measures), events),
                [.. members.Select(i => declared[i].Name)],
                PrivacyAccounting.Compose(members.Select(i => epsilons[i])) * droppedShare,
                forRelease), source, "privacy.dropped_share");
        }).ToImmutableArray();

        var dimensions = declared.SelectMany(t => t.Dimensions).GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => g.First()).ToImmutableArray();
        var tables = declared.Select((t, i) => Checked(() => new TableDesign(t, epsilons[i], droppedShare,
            classes.IndexOf(classOf[i]),
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
