namespace PrivacyShare.Releases.Estimation;

/// <summary>One table's published values: per cell (in the table's row-major order) and measure, the display value and its intervals.</summary>
internal sealed record PublishedTable(string Name, long[] Display, PublishedInterval[] Intervals);
