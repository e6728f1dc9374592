namespace PrivacyShare.Records;

/// <summary>
/// ICE Secure Communities offense levels, written as the digits 1 to 3.
/// </summary>
internal enum OffenseLevel
{
    /// <summary>Level 1: aggravated felonies, violent and major drug offenses.</summary>
    Level1 = 1,

    /// <summary>Level 2: other felonies and serious property crimes.</summary>
    Level2 = 2,

    /// <summary>Level 3: misdemeanours and other offenses.</summary>
    Level3 = 3,
}
