using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// One table of a design: what it measures, what it spends and the noise it gets, each computed once
/// when the design is made. A person's records among the stages of <see cref="Groups"/>, at most
/// <see cref="Bound"/> of them, each fall in one cell and one stage group, so the measurements have L1
/// sensitivity <see cref="Bound"/> and <see cref="Noise"/>, of scale bound / measurement epsilon,
/// makes them <see cref="MeasurementEpsilon"/>-DP (the discrete Laplace mechanism; Canonne, Kamath and
/// Steinke 2020, sec. 2).
/// </summary>
internal sealed class TableDesign
{
    private readonly DiscreteLaplace? _noise;

    public TableDesign(DeclaredTable declared, Rational epsilon, Rational droppedShare, int dropped, ImmutableArray<int> attributes, bool sampled, bool events = false)
    {
        Name = declared.Name;
        Dimensions = declared.Dimensions;
        Measures = declared.Measures;
        Bound = declared.Bound;
        Events = events;
        Groups = Stages.GroupsFor(Measures, events);
        Epsilon = epsilon;
        RefusesBeyondBound = declared.RefusesBeyondBound;

        // A table whose bound leaves nothing out (input beyond it is refused) pays for no dropped count.
        MeasurementEpsilon = epsilon * (Rational.One - (RefusesBeyondBound ? Rational.Zero : droppedShare));
        Scale = PrivacyAccounting.LaplaceScale(Bound, MeasurementEpsilon);
        _noise = sampled ? new DiscreteLaplace(Scale) : null;
        Dropped = dropped;
        Attributes = attributes;
        Cells = Dimensions.Aggregate(1L, (n, d) => checked(n * d.Values.Length));
    }

    /// <summary>
    /// Whether the spec declares that no person has more than <see cref="Bound"/> records in its stages
    /// (<c>"beyond_bound": "refuse"</c>): such input is refused, and the table has no dropped-records
    /// count (<see cref="Dropped"/> is -1) and no allowance for left-out records.
    /// </summary>
    public bool RefusesBeyondBound { get; }

    /// <summary>The records its intervals for the true count cover, in a reader's words.</summary>
    public string Covers => RefusesBeyondBound
        ? $"every record, since no person has more than {Bound} (the spec declares it, and input that did would have been refused)"
        : $"a person's first {2 * Bound} records";

    /// <summary>Whether it counts a calendar's events rather than records (<see cref="Stages.Of(Measure, bool)"/>).</summary>
    public bool Events { get; }

    /// <summary>The table's name; its file is <c>NAME.csv</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions, in column order.</summary>
    public ImmutableArray<Dimension> Dimensions { get; }

    /// <summary>The measures, in column order.</summary>
    public ImmutableArray<Measure> Measures { get; }

    /// <summary>The contribution bound B: at most this many records of one person, among the stages of <see cref="Groups"/>, are used.</summary>
    public int Bound { get; }

    /// <summary>The L1 sensitivity of the measurements: <see cref="Bound"/>.</summary>
    public long Sensitivity => Bound;

    /// <summary>The stage groups measured in each cell: disjoint, in stage order.</summary>
    public ImmutableArray<StageSet> Groups { get; }

    /// <summary>The epsilon the table spends: its measurements' and its share of its dropped-records count's.</summary>
    public Rational Epsilon { get; }

    /// <summary>The epsilon of the table's own measurements: <see cref="Epsilon"/> less the dropped-records share.</summary>
    public Rational MeasurementEpsilon { get; }

    /// <summary>The discrete Laplace scale of every measurement: sensitivity / measurement epsilon.</summary>
    public Rational Scale { get; }

    /// <summary>The noise every measurement of the table gets; only a design made for a release has it (a release read back draws none).</summary>
    public DiscreteLaplace Noise => _noise ?? throw Throw.Bug($"table {Name}: a design read back from a release draws no noise");

    /// <summary>The index of the design's dropped-records count that covers this table.</summary>
    public int Dropped { get; }

    /// <summary>The model attributes (indexes into the design's dimensions) of the table's dimensions, in column order.</summary>
    public ImmutableArray<int> Attributes { get; }

    /// <summary>The number of cells: the product of the domain sizes.</summary>
    public long Cells { get; }
}
