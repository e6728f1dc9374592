namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// A query's GLS estimate (unbiased for the bounded count), the half-width of its noise, and its 95%
/// interval for the true count of all records: the noise half-width on both sides, widened on the side
/// the contribution bound's bias lies. Unrounded; the release rounds outward and floors at 0.
/// </summary>
internal sealed record GlsAnswer(double Estimate, double StandardDeviation, double NoiseHalfWidth, double Lower, double Upper);
