using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;

namespace PrivacyShare.Records;

/// <summary>
/// Streams <see cref="ArrestRecord"/>s from a canonical arrest extract, validating every field.
/// The header must hold exactly the canonical columns (any order); a bad value fails with an
/// <see cref="InputException"/> naming the file, line and column. Memory does not grow with the file.
/// </summary>
internal sealed class ArrestCsvReader : IDisposable
{
    private readonly CsvTableReader _csv;
    private readonly int[] _index; // canonical column -> file column

    private ArrestCsvReader(CsvTableReader csv, int[] index)
    {
        _csv = csv;
        _index = index;
    }

    /// <summary>The line on which the last record read starts.</summary>
    public long Line => _csv.Line;

    /// <summary>Opens <paramref name="path"/> and checks its header.</summary>
    /// <exception cref="InputException">The file is missing, unreadable, empty, or its header is not the canonical one.</exception>
    public static ArrestCsvReader Open(string path)
    {
        var csv = CsvTableReader.Open(path);
        try
        {
            return new ArrestCsvReader(csv, MapHeader(csv));
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Reads the extract in <paramref name="stream"/> (left open), naming it <paramref name="name"/> in messages.</summary>
    /// <exception cref="InputException">The stream is empty, or its header is not the canonical one.</exception>
    public static ArrestCsvReader Open(Stream stream, string name = "(input stream)")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var csv = CsvTableReader.Open(name, new Internals.IO.BorrowedStream(stream));
        try
        {
            return new ArrestCsvReader(csv, MapHeader(csv));
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Reads every record of <paramref name="path"/>, lazily.</summary>
    public static IEnumerable<ArrestRecord> ReadAll(string path)
    {
        using var reader = Open(path);
        while (reader.TryRead(out var record))
        {
            yield return record;
        }
    }

    /// <summary>Reads the next record; false at the end of the file.</summary>
    /// <exception cref="InputException">A row is malformed or a field is invalid.</exception>
    public bool TryRead(out ArrestRecord record)
    {
        if (!_csv.MoveNext())
        {
            record = null!;
            return false;
        }

        // Every field is read by ArrestFields, with the rules and messages the pipelines and the import use.
        var (path, line) = (_csv.Path, _csv.Line);
        record = new ArrestRecord
        {
            BookingId = ArrestFields.RequiredText(Cell(0), path, line, ArrestSchema.Columns[0]),
            ArrestDate = ArrestFields.RequiredDate(Cell(1), path, line, ArrestSchema.Columns[1]),
            LastName = Text(2),
            FirstName = Text(3),
            Dob = ArrestFields.RequiredDate(Cell(4), path, line, ArrestSchema.Columns[4]),
            Sex = ArrestFields.Sex(Cell(5), path, line, ArrestSchema.Columns[5]),
            Race = ArrestFields.Race(Cell(6), path, line, ArrestSchema.Columns[6]),
            Ethnicity = ArrestFields.Ethnicity(Cell(7), path, line, ArrestSchema.Columns[7]),
            CountryOfBirth = Text(8),
            FbiNumber = Text(9),
            HomeZip = Text(10),
            District = Text(11),
            ChargeCode = Text(12),
            ChargeDescription = Text(13),
            OffenseLevel = ArrestFields.Level(Cell(14), path, line, ArrestSchema.Columns[14]),
            IdentMatch = ArrestFields.Flag(Cell(15), path, line, ArrestSchema.Columns[15]),
            DetainerIssued = ArrestFields.Flag(Cell(16), path, line, ArrestSchema.Columns[16]),
            Removed = ArrestFields.Flag(Cell(17), path, line, ArrestSchema.Columns[17]),
        };
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();

    private ReadOnlySpan<char> Cell(int canonical) => _csv[_index[canonical]];

    private string Text(int canonical) => Cell(canonical).ToString();

    private static int[] MapHeader(CsvTableReader csv)
    {
        var index = new int[ArrestSchema.Columns.Length];
        for (var i = 0; i < index.Length; i++)
        {
            index[i] = csv.IndexOf(ArrestSchema.Columns[i]);
        }

        var missing = ArrestSchema.Columns.Where((_, i) => index[i] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw Throw.HeaderLacks(csv.Path, csv.Line, string.Join(", ", missing), string.Join(",", ArrestSchema.Columns));
        }

        var unknown = csv.Header.Where(h => !ArrestSchema.Columns.Contains(h, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw Throw.UnknownColumn(csv.Path, csv.Line, unknown[0], string.Join(",", ArrestSchema.Columns));
        }

        return index;
    }
}
