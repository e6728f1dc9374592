using PrivacyShare.Internals.Csv;

namespace PrivacyShare.Records;

/// <summary>
/// Writes canonical arrest records: the canonical header, ISO dates, code letters, and text cells
/// neutralized against spreadsheet formulas.
/// </summary>
internal sealed class ArrestCsvWriter : IDisposable
{
    private readonly CsvTableWriter _csv;
    private readonly bool _age;

    /// <param name="stream">Where the extract goes.</param>
    /// <param name="age">Write the age at arrest (<c>age</c>) instead of the date of birth (<c>dob</c>).</param>
    public ArrestCsvWriter(Stream stream, bool age = false)
    {
        _age = age;
        _csv = new CsvTableWriter(stream, ArrestSchema.Layout(age));
    }

    public void Write(ArrestRecord r) => Write(r, DateStyle.Iso, DateStyle.Iso);

    /// <summary>Writes a record with the given date layouts (the generator imitates clerks).</summary>
    public void Write(ArrestRecord r, DateStyle arrestDateStyle, DateStyle dobStyle)
    {
        Span<char> date = stackalloc char[16];
        Span<char> code = stackalloc char[1];
        using var row = _csv.NewRow();
        _csv.SetText(row, 0, r.BookingId);
        CsvTableWriter.SetValue(row, 1, ArrestDates.Format(r.ArrestDate, arrestDateStyle, date));
        _csv.SetText(row, 2, r.LastName);
        _csv.SetText(row, 3, r.FirstName);
        if (_age)
        {
            var age = r.Age ?? throw Internals.Throw.Bug("a record without an age in an extract of ages");
            CsvTableWriter.SetValue(row, 4, age.ToString());
        }
        else
        {
            var dob = r.Dob ?? throw Internals.Throw.Bug("a record without a date of birth in an extract of birth dates");
            CsvTableWriter.SetValue(row, 4, ArrestDates.Format(dob, dobStyle, date));
        }

        CsvTableWriter.SetValue(row, 5, Code(code, ArrestCodes.ToCode(r.Sex)));
        CsvTableWriter.SetValue(row, 6, Code(code, ArrestCodes.ToCode(r.Race)));
        CsvTableWriter.SetValue(row, 7, Code(code, ArrestCodes.ToCode(r.Ethnicity)));
        _csv.SetText(row, 8, r.CountryOfBirth);
        _csv.SetText(row, 9, r.FbiNumber);
        _csv.SetText(row, 10, r.HomeZip);
        _csv.SetText(row, 11, r.District);
        _csv.SetText(row, 12, r.ChargeCode);
        _csv.SetText(row, 13, r.ChargeDescription);
        CsvTableWriter.SetValue(row, 14, Code(code, ArrestCodes.ToCode(r.OffenseLevel)));
        CsvTableWriter.SetValue(row, 15, Code(code, ArrestCodes.ToCode(r.IdentMatch)));
        CsvTableWriter.SetValue(row, 16, Code(code, ArrestCodes.ToCode(r.DetainerIssued)));
        CsvTableWriter.SetValue(row, 17, Code(code, ArrestCodes.ToCode(r.Removed)));
    }

    public void Complete() => _csv.Complete();

    public void Dispose() => _csv.Dispose();

    private static ReadOnlySpan<char> Code(Span<char> buffer, char c)
    {
        buffer[0] = c;
        return buffer;
    }
}
