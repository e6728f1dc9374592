using System.Collections.Immutable;

namespace PrivacyShare.Synthetic.Scoring;

/// <summary>How a release's published values and query answers compare with the exact counts of the extract it was made from.</summary>
/// <param name="Records">Records of the extract in the release's period.</param>
/// <param name="Tables">Per table and measure, every published cell.</param>
/// <param name="Queries">Per query, every row.</param>
/// <param name="Unanswered">The default queries the release could not estimate, with the reason.</param>
internal sealed record ScoreReport(long Records, ImmutableArray<ScoredSet> Tables, ImmutableArray<ScoredSet> Queries, ImmutableArray<string> Unanswered)
{
    /// <summary>The share of all published cells whose interval contains the exact count.</summary>
    public double CellCoverage => Share(Tables);

    /// <summary>The share of all query rows whose interval contains the exact count.</summary>
    public double QueryCoverage => Share(Queries);

    private static double Share(ImmutableArray<ScoredSet> sets)
    {
        var rows = sets.SelectMany(s => s.Rows).ToArray();
        return rows.Length == 0 ? double.NaN : rows.Count(r => r.Covered) / (double)rows.Length;
    }
}
