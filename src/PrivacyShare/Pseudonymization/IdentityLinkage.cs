namespace PrivacyShare.Pseudonymization;

/// <summary>
/// What identity linkage found, for the operator (exact figures, never written into a release): how
/// many people the records hold, and the links a reviewer should look at (docs/identity.md).
/// </summary>
public sealed class IdentityLinkage
{
    internal IdentityLinkage(long people, long severalFbiNumbers, long fbiWithSeveralBirthDates, bool byAge = false)
    {
        ByAge = byAge;
        People = people;
        SeveralFbiNumbers = severalFbiNumbers;
        FbiWithSeveralBirthDates = fbiWithSeveralBirthDates;
    }

    /// <summary>Linked identities: people, as far as the keys can tell.</summary>
    public long People { get; }

    /// <summary>People whose records carry several FBI numbers, joined through a shared name and date of birth.</summary>
    public long SeveralFbiNumbers { get; }

    /// <summary>
    /// Whether the extract gave ages at arrest instead of dates of birth, so that names were linked
    /// across the birth years each age allows (docs/identity.md).
    /// </summary>
    public bool ByAge { get; }

    /// <summary>FBI numbers that appear with several dates of birth.</summary>
    public long FbiWithSeveralBirthDates { get; }
}
