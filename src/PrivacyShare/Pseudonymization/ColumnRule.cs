namespace PrivacyShare.Pseudonymization;

/// <summary>One input column's rule in a <see cref="PseudonymPolicy"/>.</summary>
/// <param name="Input">The input column.</param>
/// <param name="Action">What is done with it.</param>
/// <param name="Rule">For <see cref="ColumnAction.Generalize"/>: how.</param>
/// <param name="At">For <see cref="GeneralizeRule.AgeBand"/> from a date of birth: the date column the age is taken at (null for the age column, already an age at arrest).</param>
/// <param name="Output">The output column, or null when the column is not output.</param>
internal sealed record ColumnRule(string Input, ColumnAction Action, GeneralizeRule? Rule, string? At, string? Output)
{
    /// <summary>
    /// For <see cref="ColumnAction.Keep"/> on a column without a code list: the policy's pattern that
    /// every non-empty value must match in whole (.NET syntax, matched without backtracking). Null: the
    /// canonical schema's code format.
    /// </summary>
    public System.Text.RegularExpressions.Regex? Pattern { get; init; }

    /// <summary>For <see cref="GeneralizeRule.AgeBand"/>: the bands (the policy's, else the default).</summary>
    public Records.AgeBands Bands { get; init; } = Records.AgeBands.Default;
}
