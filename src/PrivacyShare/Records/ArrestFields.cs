using PrivacyShare.Internals;


namespace PrivacyShare.Records;

/// <summary>
/// The one reading of an arrest extract's fields, for every pipeline (pseudonymize, release, score,
/// and <see cref="ArrestCsvReader"/>): a cell's text in, a typed fact out, or an
/// <see cref="InputException"/> naming file, line and column. One set of rules (what an empty cell
/// means, which dates, codes and ZIP codes are valid, that nobody is arrested before birth) and one
/// message style, which quotes a value only through <see cref="Throw.Show"/>.
/// </summary>
/// <remarks>
/// The location (path, line, column name) is passed as plain values, used only on failure, so the row
/// path allocates nothing.
/// </remarks>
internal static class ArrestFields
{
    /// <summary>A date in any accepted layout; null when the cell is empty.</summary>
    public static DateOnly? Date(ReadOnlySpan<char> text, string path, long line, string column) =>
        text.Trim().IsEmpty ? null
        : ArrestDates.TryParse(text, out var date) ? date
        : throw Throw.BadCell(path, line, column, $"'{Throw.Show(text)}' is not a date; use {ArrestDates.AcceptedDescription}");

    /// <summary>A date that must be there.</summary>
    public static DateOnly RequiredDate(ReadOnlySpan<char> text, string path, long line, string column) =>
        Date(text, path, line, column) ?? throw Throw.BadCell(path, line, column, $"is empty; every arrest needs a date here ({ArrestDates.AcceptedDescription})");

    /// <summary>An arrest month, <c>yyyy-MM</c>.</summary>
    public static ArrestMonth Month(ReadOnlySpan<char> text, string path, long line, string column) =>
        ArrestMonth.TryParse(text, out var month) ? month
        : throw Throw.BadCell(path, line, column, $"'{Throw.Show(text)}' is not a month; write yyyy-MM");

    /// <summary>
    /// The age in whole years at <paramref name="at"/> of someone born on <paramref name="dob"/>;
    /// null when either is unknown. A birth after the arrest is an error, never a clamped age.
    /// </summary>
    public static int? Age(DateOnly? dob, DateOnly? at, string path, long line, string dobColumn, string atColumn)
    {
        if (dob is not { } born || at is not { } when)
        {
            return null;
        }

        var age = AgeBands.AgeAt(born, when);
        return age >= 0 ? age : throw Throw.BadCell(path, line, dobColumn, $"is after {atColumn}: the person would not be born yet");
    }

    /// <summary>An age at arrest (<see cref="AgeRange"/>), which must be there.</summary>
    public static AgeRange AgeAtArrest(ReadOnlySpan<char> text, string path, long line, string column) =>
        AgeRange.TryParse(text, out var age) ? age
        : text.Trim().IsEmpty ? throw Throw.BadCell(path, line, column, $"is empty; every arrest needs an age here ({AgeRange.Forms})")
        : throw Throw.BadCell(path, line, column, $"'{Throw.Show(text)}' is not an age; write {AgeRange.Forms}");

    /// <summary>
    /// The age band at arrest of a record, from its birth column: the age itself (<paramref name="isAge"/>,
    /// the column <see cref="ArrestSchema.Age"/>), or a date of birth at the arrest date
    /// <paramref name="at"/>. Empty when the date of birth is; see <see cref="Band"/> for the rest.
    /// The one derivation of an age band, for pseudonymize's policy rule and a release's dimension.
    /// </summary>
    public static ReadOnlySpan<char> BandAtArrest(AgeBands bands, ReadOnlySpan<char> birth, bool isAge, ReadOnlySpan<char> at, string path, long line, string birthColumn, string atColumn, string declare)
    {
        AgeRange age;
        if (isAge)
        {
            age = AgeAtArrest(birth, path, line, birthColumn);
        }
        else if (Age(Date(birth, path, line, birthColumn), Date(at, path, line, atColumn), path, line, birthColumn, atColumn) is { } years)
        {
            age = Records.AgeRange.Exact(years);
        }
        else
        {
            return default;
        }

        return Band(bands, age, path, line, birthColumn, declare);
    }

    /// <summary>
    /// The label of the band of <paramref name="bands"/> that holds <paramref name="age"/>; empty when
    /// no band has any of its ages; an error when the age is a range that reaches into a band without
    /// fitting in one.
    /// </summary>
    public static ReadOnlySpan<char> Band(AgeBands bands, AgeRange age, string path, long line, string column, string declare)
    {
        var band = bands.IndexOf(age);
        return band >= 0 ? bands.Labels[band]
            : band == -1 ? default
            : throw Throw.BadCell(path, line, column, $"'{age}' reaches into the age bands {bands.Spanned(age)} without fitting in one, so it cannot be counted in either; {declare}");
    }

    /// <summary>
    /// The first three digits of a ZIP code (5 digits, or ZIP+4 as 12345-6789); empty when the cell is.
    /// </summary>
    public static ReadOnlySpan<char> Zip3(ReadOnlySpan<char> text, string path, long line, string column)
    {
        var zip = text.Trim();
        if (zip.IsEmpty)
        {
            return default;
        }

        var valid = (zip.Length == 5 || (zip.Length == 10 && zip[5] == '-' && IsDigits(zip[6..]))) && IsDigits(zip[..5]);
        return valid ? zip[..3]
            : throw Throw.BadCell(path, line, column, $"'{Throw.Show(text)}' is not a ZIP code; use 5 digits or ZIP+4 (12345-6789), or leave it empty");
    }

    /// <summary>A Y/N flag.</summary>
    public static bool Flag(ReadOnlySpan<char> text, string path, long line, string column) =>
        ArrestCodes.TryParseFlag(text, out var flag) ? flag : throw CodeError(text, ArrestCodes.FlagCodes, "flag", path, line, column);

    /// <summary>A one-letter code of <paramref name="codes"/>, trimmed.</summary>
    public static ReadOnlySpan<char> Code(ReadOnlySpan<char> text, string codes, string what, string path, long line, string column) =>
        ArrestCodes.IsCode(text, codes) ? text.Trim() : throw CodeError(text, codes, what, path, line, column);

    /// <summary>The error for a value that is not one of <paramref name="codes"/>.</summary>
    public static InputException CodeError(ReadOnlySpan<char> text, string codes, string what, string path, long line, string column) =>
        Throw.BadCell(path, line, column, $"'{Throw.Show(text)}' is not a valid {what} code; expected one of {ArrestCodes.Describe(codes)}");

    /// <summary>Text that must be there (the booking identifier), trimmed.</summary>
    public static string RequiredText(ReadOnlySpan<char> text, string path, long line, string column) =>
        Required(text, path, line, column).ToString();

    // The check alone, without a string: Check runs it on every row a release reads.
    private static ReadOnlySpan<char> Required(ReadOnlySpan<char> text, string path, long line, string column)
    {
        var value = text.Trim();
        return value.IsEmpty ? throw Throw.BadCell(path, line, column, "is empty; every arrest needs a value here") : value;
    }

    /// <summary>A sex code.</summary>
    public static Sex Sex(ReadOnlySpan<char> text, string path, long line, string column) =>
        ArrestCodes.TryParseSex(text, out var value) ? value : throw CodeError(text, ArrestCodes.SexCodes, "sex", path, line, column);

    /// <summary>A race code (NCIC).</summary>
    public static Race Race(ReadOnlySpan<char> text, string path, long line, string column) =>
        ArrestCodes.TryParseRace(text, out var value) ? value : throw CodeError(text, ArrestCodes.RaceCodes, "race (NCIC)", path, line, column);

    /// <summary>An ethnicity code.</summary>
    public static Ethnicity Ethnicity(ReadOnlySpan<char> text, string path, long line, string column) =>
        ArrestCodes.TryParseEthnicity(text, out var value) ? value : throw CodeError(text, ArrestCodes.EthnicityCodes, "ethnicity", path, line, column);

    /// <summary>An ICE offense level.</summary>
    public static OffenseLevel Level(ReadOnlySpan<char> text, string path, long line, string column) =>
        ArrestCodes.TryParseLevel(text, out var value) ? value : throw CodeError(text, ArrestCodes.LevelCodes, "offense level", path, line, column);

    /// <summary>
    /// Applies the canonical reader's rule for column <paramref name="canonical"/> (an index into
    /// <see cref="ArrestSchema.Checked"/>) to one cell; throws the reader's error. The import checks
    /// every cell with it, so what it writes the reader accepts.
    /// </summary>
    public static void Check(int canonical, ReadOnlySpan<char> text, string path, long line)
    {
        var column = ArrestSchema.Checked[canonical];
        switch (Rules[canonical])
        {
            case Rule.RequiredText: _ = Required(text, path, line, column); break;
            case Rule.Date: _ = RequiredDate(text, path, line, column); break;
            case Rule.Sex: _ = Sex(text, path, line, column); break;
            case Rule.Race: _ = Race(text, path, line, column); break;
            case Rule.Ethnicity: _ = Ethnicity(text, path, line, column); break;
            case Rule.Level: _ = Level(text, path, line, column); break;
            case Rule.Flag: _ = Flag(text, path, line, column); break;
            case Rule.Zip: _ = Zip3(text, path, line, column); break;
            case Rule.Age: _ = AgeAtArrest(text, path, line, column); break;
            default: break; // free text
        }
    }

    // Each canonical column's rule, looked up once: Check runs on every cell of every row a command
    // reads, where matching the column's name each time cost a release of 1M rows a tenth of its time.
    private enum Rule
    {
        Text,
        RequiredText,
        Date,
        Sex,
        Race,
        Ethnicity,
        Level,
        Flag,
        Zip,
        Age,
    }

    private static readonly Rule[] Rules = [.. ArrestSchema.Checked.Select(column => column switch
    {
        ArrestSchema.BookingId => Rule.RequiredText,
        ArrestSchema.ArrestDate or ArrestSchema.Dob => Rule.Date,
        ArrestSchema.Sex => Rule.Sex,
        ArrestSchema.Race => Rule.Race,
        ArrestSchema.Ethnicity => Rule.Ethnicity,
        ArrestSchema.OffenseLevel => Rule.Level,
        ArrestSchema.IdentMatch or ArrestSchema.DetainerIssued or ArrestSchema.Removed => Rule.Flag,
        ArrestSchema.HomeZip => Rule.Zip,
        ArrestSchema.Age => Rule.Age,
        _ => Rule.Text,
    })];

    /// <summary>
    /// The record of one row: every field read by its column's rule, the first bad one thrown. The one
    /// construction of a record from cells, for the canonical reader and the import alike. With
    /// <paramref name="age"/>, the birth column (<see cref="ArrestSchema.BirthIndex"/>) is the age.
    /// </summary>
    public static ArrestRecord Record<TCells>(TCells cells, string path, long line, bool age = false)
        where TCells : IArrestCells
    {
        var c = ArrestSchema.Layout(age);
        return new ArrestRecord
        {
            BookingId = RequiredText(cells.Cell(0), path, line, c[0]),
            ArrestDate = RequiredDate(cells.Cell(1), path, line, c[1]),
            LastName = cells.Cell(2).ToString(),
            FirstName = cells.Cell(3).ToString(),
            Dob = age ? null : RequiredDate(cells.Cell(4), path, line, c[4]),
            Age = age ? AgeAtArrest(cells.Cell(4), path, line, c[4]) : null,
            Sex = Sex(cells.Cell(5), path, line, c[5]),
            Race = Race(cells.Cell(6), path, line, c[6]),
            Ethnicity = Ethnicity(cells.Cell(7), path, line, c[7]),
            CountryOfBirth = cells.Cell(8).ToString(),
            FbiNumber = cells.Cell(9).ToString(),
            HomeZip = Zip(cells.Cell(10), path, line, c[10]),
            District = cells.Cell(11).ToString(),
            ChargeCode = cells.Cell(12).ToString(),
            ChargeDescription = cells.Cell(13).ToString(),
            OffenseLevel = Level(cells.Cell(14), path, line, c[14]),
            IdentMatch = Flag(cells.Cell(15), path, line, c[15]),
            DetainerIssued = Flag(cells.Cell(16), path, line, c[16]),
            Removed = Flag(cells.Cell(17), path, line, c[17]),
        };
    }

    // A ZIP code kept as typed, once it is known to be one.
    private static string Zip(ReadOnlySpan<char> text, string path, long line, string column)
    {
        _ = Zip3(text, path, line, column);
        return text.ToString();
    }

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('0', '9');
}
