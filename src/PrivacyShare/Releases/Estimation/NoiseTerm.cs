namespace PrivacyShare.Releases.Estimation;

/// <summary><see cref="Lambda"/> times the sum of <see cref="Count"/> independent discrete Laplace(<see cref="Scale"/>) noises.</summary>
internal readonly record struct NoiseTerm(double Lambda, long Count, double Scale);
