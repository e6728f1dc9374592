using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A table as declared: by a spec (validated), or by a published manifest read back. Its epsilon is
/// given, or null when the release's total epsilon is split among the tables by their weights.
/// </summary>
internal sealed record DeclaredTable(string Name, ImmutableArray<Dimension> Dimensions, ImmutableArray<Measure> Measures, Rational? Epsilon, decimal Weight, int Bound);
