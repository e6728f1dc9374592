namespace PrivacyShare.Records;

/// <summary>
/// One row of the canonical arrest extract, validated: dates are real dates and every code is in its
/// list. Text fields are as the clerk typed them; normalization is the pseudonymizer's job.
/// </summary>
internal sealed record ArrestRecord
{
    /// <summary>The booking identifier.</summary>
    public required string BookingId { get; init; }

    /// <summary>The arrest date.</summary>
    public required DateOnly ArrestDate { get; init; }

    /// <summary>The last name as typed.</summary>
    public required string LastName { get; init; }

    /// <summary>The first name as typed.</summary>
    public required string FirstName { get; init; }

    /// <summary>The date of birth; null in an extract that gives <see cref="Age"/> instead.</summary>
    public DateOnly? Dob { get; init; }

    /// <summary>The age at arrest, exact or a range; null in an extract that gives <see cref="Dob"/>.</summary>
    public AgeRange? Age { get; init; }

    /// <summary>Sex.</summary>
    public required Sex Sex { get; init; }

    /// <summary>Race.</summary>
    public required Race Race { get; init; }

    /// <summary>Ethnicity.</summary>
    public required Ethnicity Ethnicity { get; init; }

    /// <summary>Country of birth (ISO 3166-1 alpha-2), possibly empty.</summary>
    public required string CountryOfBirth { get; init; }

    /// <summary>FBI number, empty when none was recorded.</summary>
    public required string FbiNumber { get; init; }

    /// <summary>Home ZIP code, possibly empty.</summary>
    public required string HomeZip { get; init; }

    /// <summary>Police district.</summary>
    public required string District { get; init; }

    /// <summary>Charge code.</summary>
    public required string ChargeCode { get; init; }

    /// <summary>Charge description.</summary>
    public required string ChargeDescription { get; init; }

    /// <summary>Offense level.</summary>
    public required OffenseLevel OffenseLevel { get; init; }

    /// <summary>Whether the fingerprints matched IDENT.</summary>
    public required bool IdentMatch { get; init; }

    /// <summary>Whether ICE issued a detainer.</summary>
    public required bool DetainerIssued { get; init; }

    /// <summary>Whether the person was removed.</summary>
    public required bool Removed { get; init; }
}
