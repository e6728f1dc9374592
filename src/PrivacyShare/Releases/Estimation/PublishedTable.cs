namespace PrivacyShare.Releases.Estimation;

/// <summary>One table's published values: per cell (in the table's row-major order) and measure, the display value and its 95% interval.</summary>
internal sealed record PublishedTable(string Name, long[] Display, long[] Lower, long[] Upper);
