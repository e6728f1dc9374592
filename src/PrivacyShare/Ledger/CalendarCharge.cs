namespace PrivacyShare.Ledger;

/// <summary>
/// What a calendar release's charge commits besides its epsilon: the SHA-256 of the calendar store it
/// wrote (<see cref="Store"/>), computed from the store the ledger named when it read
/// (<see cref="Previous"/>, null for the calendar's first release).
/// </summary>
internal sealed record CalendarCharge(string Store, string? Previous);
