using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Querying;

/// <summary>
/// A published release read back from its folder alone (datapackage.json, measurements.csv and the
/// tables): its design, its noisy measurements and the least-squares estimate they give. Answering a
/// question is post-processing: nothing is spent, no ledger or key is needed, and no exact count exists here.
/// </summary>
/// <remarks>
/// The design is rebuilt from the manifest (<see cref="ManifestDesign"/>) through the same code a
/// release uses, and checked against the noise scales the manifest states; estimates and intervals then
/// come from the same <see cref="GlsEstimator"/> as the release's own. Check a release with
/// <c>privacyshare verify</c> before trusting its numbers: this class does not verify signatures.
/// </remarks>
public sealed class PublishedRelease
{
    private readonly Dictionary<string, PublishedTable> _published = [];

    private PublishedRelease(string directory, ReleaseDesign design, ImmutableArray<DeclaredTable> declared, ReleaseEstimator estimator)
    {
        Directory = directory;
        Design = design;
        Declared = declared;
        Estimator = estimator;
        Domains = design.Dimensions.ToImmutableDictionary(d => d.Name, d => d.Values, StringComparer.Ordinal);
    }

    /// <summary>The release folder.</summary>
    public string Directory { get; }

    /// <summary>The dataset.</summary>
    public string Dataset => Design.Heading.Dataset;

    /// <summary>The release version.</summary>
    public string Version => Design.Heading.Version ?? "";

    /// <summary>Each dimension of the release with its declared domain, in order: the values a query may group by or filter on.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Domains { get; }

    /// <summary>The release's dimensions with their declared domains, in the design's order.</summary>
    internal ImmutableArray<Dimension> Dimensions => Design.Dimensions;

    /// <summary>The release's design, rebuilt from its manifest.</summary>
    internal ReleaseDesign Design { get; }

    /// <summary>The tables as the manifest declares them, for a variant design (scoring lifts every bound).</summary>
    internal ImmutableArray<DeclaredTable> Declared { get; }

    internal ReleaseEstimator Estimator { get; }

    /// <summary>Reads the release in <paramref name="directory"/>.</summary>
    /// <exception cref="InputException">A file is missing or malformed; the message names the file, line and field.</exception>
    public static PublishedRelease Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifestPath = Path.Combine(directory, ReleaseFolder.ManifestFileName);
        var (bytes, failure, problem) = Internals.IO.RegularFile.Read(manifestPath, ReleaseFolder.MaxManifestBytes);
        if (bytes is null)
        {
            throw failure == Internals.IO.RegularFile.ReadFailure.Missing
                ? Throw.NotARelease(directory, $"has no {ReleaseFolder.ManifestFileName}: this folder is not a release")
                : Throw.BadRelease(manifestPath, null, null, problem!);
        }

        PackageManifest manifest;
        try
        {
            manifest = ManifestJson.Read(bytes) ?? throw Throw.BadRelease(manifestPath, null, null, "is null; expected a data package");
        }
        catch (JsonException e)
        {
            throw Throw.BadRelease(manifestPath, e.LineNumber + 1, null, $"is not a valid data package: {ManifestJson.Describe(e)}");
        }

        return Load(directory, manifest);
    }

    /// <summary>The release in <paramref name="directory"/> whose manifest, already read, is <paramref name="manifest"/>.</summary>
    /// <remarks><paramref name="read"/>, when given, is the manifest's design and tables, already read from it (<see cref="ManifestDesign.Read"/>).</remarks>
    internal static PublishedRelease Load(string directory, PackageManifest manifest, (ReleaseDesign Design, ImmutableArray<DeclaredTable> Tables)? read = null)
    {
        var (design, declared) = read ?? ManifestDesign.Read(manifest, Path.Combine(directory, ReleaseFolder.ManifestFileName));
        var (measured, dropped, sequences) = ReadMeasurements(Path.Combine(directory, ReleaseFolder.MeasurementsFileName), design);
        return new PublishedRelease(directory, design, declared, design.Estimator(measured, dropped, sequences));
    }

    /// <summary>Answers <paramref name="query"/>: estimates and 95% intervals for every row.</summary>
    /// <exception cref="InputException">The query names an unknown measure, dimension or value, or asks what the release does not measure; the message says what it does.</exception>
    public QueryAnswer Answer(ReleaseQuery query) => Answer(query, null, out _);

    /// <summary>
    /// Answers <paramref name="query"/> and, when <paramref name="exact"/> gives a table's exact counts (in
    /// the layout of its published values), each row's exact count from the same table: for scoring.
    /// </summary>
    internal QueryAnswer Answer(ReleaseQuery query, Func<TableDesign, long[]>? exact, out long[]? truths)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (by, where, attributes, source) = Resolve(query);
        var stages = (int)Stages.Of(query.Measure, Design.Heading.Events);
        var sizes = by.Select(a => Design.Dimensions[a].Values.Length).ToArray();
        MarginalQuery RowQuery(int[] values) =>
            new(attributes, [.. values.Select(v => ImmutableArray.Create(v)).Concat(where.Select(w => w.Values))], stages);

        var rows = sizes.Aggregate(1L, (n, s) => n * s);
        var values = new int[by.Length];
        if (Estimator.Unidentified(RowQuery(values)) is not null)
        {
            throw Refuse("query", $"the release cannot estimate {query}: no table measures {Measures.Name(query.Measure)} with {(attributes.IsEmpty ? "these stages" : string.Join(" and ", attributes.Select(a => Design.Dimensions[a].Name)))}. " +
                $"It measures: {string.Join("; ", Design.Tables.Select(t => $"{t.Name} ({string.Join(", ", t.Measures.Select(Measures.Name))}{(t.Dimensions.IsEmpty ? "" : " by " + string.Join(" and ", t.Dimensions.Select(d => d.Name)))})"))}");
        }

        truths = exact is null || source is null ? null : new long[rows];
        var result = ImmutableArray.CreateBuilder<QueryRow>((int)rows);
        for (long row = 0; row < rows; row++)
        {
            CellIndex.Decode(row, sizes, values);
            var answer = Estimator.Answer(RowQuery(values));
            var estimate = source is null
                ? Math.Max(0, (long)Math.Round(answer.Estimate, MidpointRounding.AwayFromZero))
                : SumCells(source, Published(source).Display, query.Measure, by, values, where);
            if (truths is not null)
            {
                truths[row] = SumCells(source!, exact!(source!), query.Measure, by, values, where);
            }

            result.Add(new QueryRow([.. by.Select((a, i) => Design.Dimensions[a].Values[values[i]])], estimate, ReleaseEstimates.Interval(answer, estimate), answer.Estimate));
        }

        return new QueryAnswer(query, source?.Name, result.MoveToImmutable());
    }

    // The query's dimensions as model attributes, its where-values as indexes, and the smallest table
    // that holds the whole question (its values add up to the consistent estimate), if any.
    private (int[] By, List<(int Attribute, ImmutableArray<int> Values)> Where, ImmutableArray<int> Attributes, TableDesign? Source) Resolve(ReleaseQuery query)
    {
        if (!Enum.IsDefined(query.Measure))
        {
            throw Refuse("measure", $"'{query.Measure}' is not a measure; use {string.Join(", ", Measures.Names)}");
        }

        var by = query.By.Select(d => DimensionIndex(d, "by")).ToArray();
        if (by.Distinct().Count() != by.Length)
        {
            throw Refuse("by", "names a dimension twice");
        }

        var where = new List<(int Attribute, ImmutableArray<int> Values)>();
        foreach (var (name, given) in query.Where.OrderBy(w => DimensionIndex(w.Key, "where")))
        {
            var a = DimensionIndex(name, "where");
            if (by.Contains(a))
            {
                throw Refuse("where", $"{name} is both a grouping dimension and a filter; grouping by it already gives one row per value");
            }

            var domain = Design.Dimensions[a].Values;
            var selected = given.Distinct(StringComparer.Ordinal).Select(v => domain.IndexOf(v) is var i and >= 0
                ? i
                : throw Refuse("where", $"'{v}' is not a value of {name}; its declared values are {string.Join(", ", domain)}")).Order().ToImmutableArray();
            if (selected.IsEmpty)
            {
                throw Refuse("where", $"gives no value of {name}");
            }

            where.Add((a, selected));
        }

        var attributes = by.Concat(where.Select(w => w.Attribute)).ToImmutableArray();
        var source = Design.Tables.Where(t => t.Measures.Contains(query.Measure) && attributes.All(a => t.Attributes.Contains(a)))
            .OrderBy(t => t.Cells).FirstOrDefault();
        return (by, where, attributes, source);
    }

    private int DimensionIndex(string name, string field) =>
        Design.AttributeOf(name) is var i and >= 0
            ? i
            : throw Refuse(field, $"'{name}' is not a dimension of this release; it has {string.Join(", ", Design.Dimensions.Select(d => d.Name))}");

    // A question the release cannot answer: the folder is named, the problem says which part of the query.
    private InputException Refuse(string part, string problem) => Throw.CannotAnswer(Directory, part == "query" ? problem : $"{part}: {problem}");

    // Values of `table` (cell-major, then measure) for `measure`, added over the cells that match the row and the where-values.
    private static long SumCells(TableDesign table, long[] display, Measure measure, int[] by, int[] values, List<(int Attribute, ImmutableArray<int> Values)> where)
    {
        var m = table.Measures.IndexOf(measure);
        var tableSizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
        var modelOf = table.Attributes;
        var cellValues = new int[tableSizes.Length];
        var sum = 0L;
        for (long cell = 0; cell < table.Cells; cell++)
        {
            CellIndex.Decode(cell, tableSizes, cellValues);
            var match = true;
            for (var p = 0; p < modelOf.Length && match; p++)
            {
                var b = Array.IndexOf(by, modelOf[p]);
                if (b >= 0)
                {
                    match = cellValues[p] == values[b];
                }
                else if (where.FindIndex(w => w.Attribute == modelOf[p]) is var k and >= 0)
                {
                    match = where[k].Values.Contains(cellValues[p]);
                }
            }

            if (match)
            {
                sum += display[cell * table.Measures.Length + m];
            }
        }

        return sum;
    }

    /// <summary>A table's published values and interval ends (cell-major, then measure), read once from its CSV.</summary>
    internal PublishedTable Published(TableDesign table)
    {
        if (_published.TryGetValue(table.Name, out var cached))
        {
            return cached;
        }

        var path = Path.Combine(Directory, ReleaseFolder.TableFileName(table.Name));
        if (!File.Exists(path))
        {
            throw Throw.BadRelease(path, null, null, "is missing: the release lists it in datapackage.json");
        }

        var length = table.Cells * table.Measures.Length;
        var (display, intervals) = (new long[length], new PublishedInterval[length]);
        using var reader = CsvTableReader.Open(path);
        var columns = table.Measures.Select(m => Measures.Columns(m).Select(c => Column(reader, path, c)).ToArray()).ToArray();
        long cell = 0;
        while (reader.MoveNext())
        {
            if (cell == table.Cells)
            {
                throw Throw.BadRelease(path, reader.Line, null, $"has more than the {table.Cells} cells of its declared domains");
            }

            for (var m = 0; m < columns.Length; m++)
            {
                var i = cell * columns.Length + m;
                var c = columns[m];
                display[i] = Count(reader, c[0]);
                intervals[i] = new PublishedInterval(Count(reader, c[1]), Count(reader, c[3]), Count(reader, c[4]), Count(reader, c[2]));
            }

            cell++;
        }

        if (cell != table.Cells)
        {
            throw Throw.BadRelease(path, null, null, $"has {cell} cells; its declared domains have {table.Cells}");
        }

        return _published[table.Name] = new PublishedTable(table.Name, display, intervals);
    }

    private static int Column(CsvTableReader reader, string path, string name) =>
        reader.IndexOf(name) is var c and >= 0 ? c : throw Throw.BadRelease(path, 1, name, "is missing from the header");

    private static long Count(CsvTableReader reader, int column) =>
        long.TryParse(reader[column], NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw reader.Error(column, $"'{reader[column]}' is not a non-negative integer");

    // measurements.csv: each table's noisy count per cell and stage group with the release that drew it,
    // then every release's dropped-records counts. Every cell must be there, and every group of every
    // dropped-records count.
    private static (double[][] Measured, List<(int Class, int Group, long Value, long Sequence)> Dropped, long[][] Sequences) ReadMeasurements(string path, ReleaseDesign design)
    {
        if (!File.Exists(path))
        {
            throw Throw.BadRelease(path, null, null, "is missing; a release before PrivacyShare's measurements.csv cannot be queried");
        }

        // A calendar's summaries are measured tables and dropped-records counts too.
        var tables = design.MeasuredTables.ToArray();
        var classes = design.MeasuredDropped.ToArray();
        using var reader = CsvTableReader.Open(path);
        var file = MeasurementsFile.Read(reader, tables, classes, design.Heading.Events);
        for (var t = 0; t < tables.Length; t++)
        {
            if (file.Seen[t].Contains(false))
            {
                throw Throw.BadRelease(path, null, null, $"lacks measurements of table {tables[t].Name}");
            }
        }

        for (var k = 0; k < classes.Length; k++)
        {
            if (Enumerable.Range(0, classes[k].Counts).FirstOrDefault(g => !file.Dropped.Any(d => d.Class == k && d.Group == g), -1) is var g and >= 0)
            {
                throw Throw.BadRelease(path, null, null, $"lacks the {Stages.Describe(classes[k].Groups[g % classes[k].Groups.Length])} group{(classes[k].PeriodDimension is { } by ? $" of {by.Name} {by.Values[g / classes[k].Groups.Length]}" : "")} of the dropped-records count {classes[k].Name}");
            }
        }

        return ([.. file.Values.Select(v => v.Select(x => (double)x).ToArray())], file.Dropped, file.Sequences);
    }
}
