namespace PrivacyShare.Records;

/// <summary>The date layouts the extract accepts; writers use <see cref="Iso"/>.</summary>
internal enum DateStyle
{
    Iso,
    Us,
    Compact,
}
