namespace PrivacyShare.Import;

/// <summary>How many values a rule of the mapping changed, by how: "recoded", "otherwise" (a code its table lacks), "blank" (an empty cell given a value).</summary>
public sealed record ImportRuleCount(string Column, string? SourceColumn, string How, string? Value, long Count);
