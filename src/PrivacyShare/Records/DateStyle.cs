namespace PrivacyShare.Records;

/// <summary>The date layouts the canonical extract accepts (docs/schema.md); writers use <see cref="Iso"/>.</summary>
internal enum DateStyle
{
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    Iso,

    /// <summary><c>M/d/yyyy</c>, as US records systems export dates.</summary>
    Us,

    /// <summary><c>yyyyMMdd</c>.</summary>
    Compact,
}
