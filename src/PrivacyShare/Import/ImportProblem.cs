using System.Collections.Immutable;

namespace PrivacyShare.Import;

/// <summary>
/// One kind of problem in an export, with how many rows have it and where the first few are: the
/// canonical column, the source column it comes from (null for a constant), and the problem in words
/// (one example's, with its value).
/// </summary>
public sealed record ImportProblem(string Column, string? SourceColumn, string Problem, long Rows, ImmutableArray<long> FirstLines);
