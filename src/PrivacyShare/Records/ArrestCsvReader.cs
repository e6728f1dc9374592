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
        HasAge = ArrestSchema.HasAge(csv.Header);
    }

    /// <summary>Whether the extract gives ages at arrest (<c>age</c>) instead of dates of birth (<c>dob</c>).</summary>
    public bool HasAge { get; }

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
        record = ArrestFields.Record(new Row(this), _csv.Path, _csv.Line, HasAge);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();

    private readonly struct Row(ArrestCsvReader reader) : IArrestCells
    {
        public ReadOnlySpan<char> Cell(int canonical) => reader._csv[reader._index[canonical]];
    }

    // The canonical columns, with the age at arrest in place of the date of birth when the file has
    // age and not dob (docs/schema.md): one birth column, never both.
    private static int[] MapHeader(CsvTableReader csv)
    {
        var columns = ArrestSchema.Layout(ArrestSchema.HasAge(csv.Header));
        var index = new int[columns.Length];
        for (var i = 0; i < index.Length; i++)
        {
            index[i] = csv.IndexOf(columns[i]);
        }

        var missing = columns.Where((_, i) => index[i] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw Throw.HeaderLacks(csv.Path, csv.Line, string.Join(", ", missing), string.Join(",", ArrestSchema.Columns) + $" ({ArrestSchema.Age}, the age at arrest, may stand in for {ArrestSchema.Dob})");
        }

        var unknown = csv.Header.Where(h => !columns.Contains(h, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw unknown[0] == ArrestSchema.Age
                ? Throw.BadCell(csv.Path, csv.Line, ArrestSchema.Age, $"is given beside {ArrestSchema.Dob}; an extract gives the date of birth or, when the agency's system has none, the age at arrest, not both")
                : Throw.UnknownColumn(csv.Path, csv.Line, unknown[0], string.Join(",", ArrestSchema.Columns));
        }

        return index;
    }
}
