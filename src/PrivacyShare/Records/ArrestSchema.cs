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

    /// <summary>
    /// The arrestee's age at arrest, exact or as a range (<see cref="AgeRange"/>): an extract carries it
    /// instead of <see cref="Dob"/> when the agency's system holds no date of birth.
    /// </summary>
    public const string Age = "age";

    /// <summary>The index in <see cref="Columns"/> of the birth column, <see cref="Dob"/> or <see cref="Age"/>.</summary>
    public const int BirthIndex = 4;

    /// <summary>The index of <see cref="Age"/> among <see cref="Checked"/>.</summary>
    public const int AgeIndex = 18;

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

    /// <summary>The header of an extract that gives the age at arrest instead of the date of birth.</summary>
    public static ImmutableArray<string> ColumnsWithAge { get; } = Columns.SetItem(BirthIndex, Age);

    /// <summary>
    /// Every column a canonical rule applies to: <see cref="Columns"/>, then <see cref="Age"/> at
    /// <see cref="AgeIndex"/>. <see cref="ArrestFields.Check"/> takes an index into this list.
    /// </summary>
    public static ImmutableArray<string> Checked { get; } = Columns.Add(Age);

    /// <summary>The header for records with (<paramref name="age"/>) or without ages instead of birth dates.</summary>
    public static ImmutableArray<string> Layout(bool age) => age ? ColumnsWithAge : Columns;

    /// <summary>
    /// Whether <paramref name="header"/> gives ages instead of birth dates: it has <see cref="Age"/> and
    /// not <see cref="Dob"/>.
    /// </summary>
    public static bool HasAge(IReadOnlyList<string> header) => header.Contains(Age, StringComparer.Ordinal) && !header.Contains(Dob, StringComparer.Ordinal);
}
