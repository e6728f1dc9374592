using System.Collections.Immutable;

namespace PrivacyShare.Records;

/// <summary>
/// The canonical arrest extract: its column names in their required order. Every command that
/// reads or writes the extract takes the columns from here; <c>docs/schema.md</c> documents them.
/// </summary>
internal static class ArrestSchema
{
    /// <summary>The booking (arrest) identifier; unique per arrest.</summary>
    public const string BookingId = "booking_id";

    /// <summary>
    /// The column that marks a pseudonymized extract from which small classes were suppressed (holding
    /// the minimum class size k). A release refuses such input: suppression depends on other people.
    /// </summary>
    public const string MinKSuppressed = "min_k_suppressed";

    /// <summary>The arrest date.</summary>
    public const string ArrestDate = "arrest_date";

    /// <summary>The arrestee's last name.</summary>
    public const string LastName = "last_name";

    /// <summary>The arrestee's first name.</summary>
    public const string FirstName = "first_name";

    /// <summary>The arrestee's date of birth.</summary>
    public const string Dob = "dob";

    /// <summary>Sex code: M, F, X or U.</summary>
    public const string Sex = "sex";

    /// <summary>Race code (NCIC): W, B, A, I, P or U.</summary>
    public const string Race = "race";

    /// <summary>Ethnicity code: H, N or U.</summary>
    public const string Ethnicity = "ethnicity";

    /// <summary>Country of birth, ISO 3166-1 alpha-2.</summary>
    public const string CountryOfBirth = "country_of_birth";

    /// <summary>FBI number (UCN); may be empty.</summary>
    public const string FbiNumber = "fbi_number";

    /// <summary>Home ZIP code.</summary>
    public const string HomeZip = "home_zip";

    /// <summary>Police district of the arrest.</summary>
    public const string District = "district";

    /// <summary>Charge (statute) code.</summary>
    public const string ChargeCode = "charge_code";

    /// <summary>Charge description.</summary>
    public const string ChargeDescription = "charge_description";

    /// <summary>ICE Secure Communities offense level: 1, 2 or 3.</summary>
    public const string OffenseLevel = "offense_level";

    /// <summary>Y when the fingerprints matched DHS (IDENT) records.</summary>
    public const string IdentMatch = "ident_match";

    /// <summary>Y when ICE issued a detainer (hold).</summary>
    public const string DetainerIssued = "detainer_issued";

    /// <summary>Y when the person was removed (deported).</summary>
    public const string Removed = "removed";

    /// <summary>The header of the canonical extract, in order.</summary>
    public static ImmutableArray<string> Columns { get; } =
    [
        BookingId, ArrestDate, LastName, FirstName, Dob, Sex, Race, Ethnicity, CountryOfBirth, FbiNumber,
        HomeZip, District, ChargeCode, ChargeDescription, OffenseLevel, IdentMatch, DetainerIssued, Removed,
    ];
}
