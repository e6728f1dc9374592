namespace PrivacyShare.Import;

/// <summary>
/// How many values a rule of the mapping changed, by how: "recoded", "otherwise" (a code its table
/// lacks, counted per such code, <paramref name="SourceValue"/>: the report of codes the crosswalk does
/// not have), "blank" (an empty cell given a value).
/// </summary>
/// <param name="Column">The canonical column.</param>
/// <param name="SourceColumn">The export's column the rule reads.</param>
/// <param name="How">"recoded", "otherwise" or "blank".</param>
/// <param name="Value">The value given ("otherwise" and "blank"); null for "recoded".</param>
/// <param name="Count">How many rows.</param>
/// <param name="SourceValue">For "otherwise": the export's code that the table lacks, as messages show values (control characters escaped, long values cut).</param>
public sealed record ImportRuleCount(string Column, string? SourceColumn, string How, string? Value, long Count, string? SourceValue = null);
