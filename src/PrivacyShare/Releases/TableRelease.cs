using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>How one table was published.</summary>
/// <param name="Name">The table.</param>
/// <param name="Epsilon">Its epsilon.</param>
/// <param name="Sensitivity">Its L1 sensitivity: contribution bound times number of measures.</param>
/// <param name="Scale">The discrete Laplace scale b = sensitivity / epsilon.</param>
/// <param name="MarginOfError95">The exact 95% half-width of the noise.</param>
/// <param name="Cells">Cells published.</param>
public sealed record TableRelease(string Name, Rational Epsilon, long Sensitivity, Rational Scale, long MarginOfError95, long Cells);
