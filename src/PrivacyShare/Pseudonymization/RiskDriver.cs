using System.Collections.Immutable;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// A measure of how much some quasi-identifiers drive uniqueness: the number of records that would be
/// unique using only <see cref="QuasiIdentifiers"/>.
/// </summary>
/// <param name="QuasiIdentifiers">The quasi-identifiers considered.</param>
/// <param name="RecordsInUniqueClasses">Records unique on those quasi-identifiers alone.</param>
internal sealed record RiskDriver(ImmutableArray<string> QuasiIdentifiers, long RecordsInUniqueClasses);
