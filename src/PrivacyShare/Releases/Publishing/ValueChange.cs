namespace PrivacyShare.Releases.Publishing;

/// <summary>One published value a calendar's summary changed: its table, cell, measure, and the previous and new value.</summary>
internal sealed record ValueChange(string Table, string Cell, string Measure, long Before, long After);
