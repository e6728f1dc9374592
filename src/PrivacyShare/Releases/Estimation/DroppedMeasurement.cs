namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The noisy count of records a contribution bound left out (each person's records beyond the bound, up
/// to the bound again), shared by every table with that bound and those stages; discrete Laplace noise of <see cref="Scale"/>.
/// </summary>
internal sealed record DroppedMeasurement(double Noisy, double Scale);
