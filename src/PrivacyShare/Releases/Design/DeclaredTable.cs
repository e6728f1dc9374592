using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A table as declared: by a spec (validated), or by a published manifest read back. Its epsilon is
/// given, or null when the release's total epsilon is split among the tables by their weights. With
/// <paramref name="RefusesBeyondBound"/> the spec declares that no person has more than the bound of
/// records in the table's stages (<c>"beyond_bound": "refuse"</c>): input that does is refused, so the
/// bound leaves nothing out and the table needs no dropped-records count. <paramref name="DroppedShare"/>
/// is the table's own share of its epsilon for its dropped-records count (<c>"dropped_share": "auto"</c>
/// chooses one per table, and a manifest gives each table's), or null for the release's.
/// </summary>
internal sealed record DeclaredTable(string Name, ImmutableArray<Dimension> Dimensions, ImmutableArray<Measure> Measures, Rational? Epsilon, decimal Weight, int Bound, bool RefusesBeyondBound = false, Rational? DroppedShare = null);
