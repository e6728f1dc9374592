using System.Collections.Immutable;

namespace PrivacyShare.Synthetic.Scoring;

/// <summary>
/// The error and interval coverage of a set of values: one measure of a published table, or one query's
/// rows. Relative errors leave out rows whose exact count is 0.
/// </summary>
/// <param name="Name">The table and measure ("monthly: arrests"), or the query ("removals by offense_level").</param>
/// <param name="Dimensions">The dimensions of the rows' values.</param>
/// <param name="Rows">The values beside their exact counts.</param>
internal sealed record ScoredSet(string Name, ImmutableArray<string> Dimensions, ImmutableArray<ScoredRow> Rows)
{
    /// <summary>The median of |estimate - truth|.</summary>
    public double MedianAbsoluteError => Median(Rows.Select(r => (double)Math.Abs(r.Estimate - r.Truth)));

    /// <summary>The median of |estimate - truth| / truth over rows with a positive truth, or NaN when there are none.</summary>
    public double MedianRelativeError => Median(Rows.Where(r => r.Truth > 0).Select(r => Math.Abs(r.Estimate - r.Truth) / (double)r.Truth));

    /// <summary>The share of rows whose interval contains the exact count.</summary>
    public double Coverage => Rows.IsEmpty ? double.NaN : Rows.Count(r => r.Covered) / (double)Rows.Length;

    /// <summary>The median of <paramref name="values"/> that are numbers (NaN stands for "not defined" and is left out); NaN for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
