namespace PrivacyShare.Releases.Design;

/// <summary>How long one period of a calendar is; the value is its length in months.</summary>
internal enum Cadence
{
    Month = 1,
    Quarter = 3,
    Year = 12,
}
