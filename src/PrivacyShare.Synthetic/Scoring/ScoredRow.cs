using System.Collections.Immutable;

namespace PrivacyShare.Synthetic.Scoring;

/// <summary>One published value or query row beside the exact count it estimates.</summary>
/// <param name="Values">The cell's or row's dimension values.</param>
/// <param name="Truth">The exact count of all records (no contribution bound).</param>
/// <param name="Estimate">The published value or consistent estimate.</param>
/// <param name="Lower">The lower end of its 95% interval for the true count.</param>
/// <param name="Upper">The upper end of its 95% interval for the true count.</param>
/// <param name="NoiseLower">The lower end of its 95% interval from noise alone (for the records the bounds counted).</param>
/// <param name="NoiseUpper">The upper end of that interval.</param>
internal sealed record ScoredRow(ImmutableArray<string> Values, long Truth, long Estimate, long Lower, long Upper, long NoiseLower, long NoiseUpper)
{
    /// <summary>Whether the interval contains the exact count.</summary>
    public bool Covered => Lower <= Truth && Truth <= Upper;
}
