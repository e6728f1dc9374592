using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using PrivacyShare.Csv;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Packaging;

namespace PrivacyShare.Releases.Querying;

/// <summary>
/// A published release read back from its folder alone (datapackage.json, measurements.csv and the
/// tables): its design, its noisy measurements and the least-squares estimate they give. Answering a
/// question is post-processing: nothing is spent, no ledger or key is needed, and no exact count exists here.
/// </summary>
/// <remarks>
/// The design is rebuilt by compiling the manifest's privacy section as a spec, through the same code a
/// release uses, and checked against the noise scales the manifest states; estimates and intervals then
/// come from the same <see cref="GlsEstimator"/> as the release's own. Check a release with
/// <c>privacyshare verify</c> before trusting its numbers: this class does not verify signatures.
/// </remarks>
public sealed class PublishedRelease
{
    private readonly Dictionary<string, PublishedTable> _published = [];

    private PublishedRelease(string directory, ReleaseSpec spec, ReleaseSpecJson design, string version, GlsEstimator estimator)
    {
        Directory = directory;
        Spec = spec;
        Design = design;
        Version = version;
        Estimator = estimator;
    }

    /// <summary>The release folder.</summary>
    public string Directory { get; }

    /// <summary>The dataset.</summary>
    public string Dataset => Spec.Dataset;

    /// <summary>The release version.</summary>
    public string Version { get; }

    /// <summary>The release's dimensions with their declared domains.</summary>
    public ImmutableArray<Dimension> Dimensions => Spec.Dimensions;

    /// <summary>The published tables, as a spec describes them.</summary>
    public ImmutableArray<TableSpec> Tables => Spec.Tables;

    internal ReleaseSpec Spec { get; }

    // The design as a spec file would give it, so that a variant (every bound lifted, for scoring) compiles the same way.
    private ReleaseSpecJson Design { get; }

    /// <summary>
    /// The release's tables with every contribution bound at its largest (1000): what counts the exact
    /// records of everyone who has at most 1000, for comparing published values with the truth.
    /// </summary>
    internal ReleaseSpec Unbounded()
    {
        var tables = Design.Tables!.Select(t => new ReleaseSpecJson.TablePart
        {
            Name = t.Name,
            Dimensions = t.Dimensions,
            Measures = t.Measures,
            Epsilon = t.Epsilon,
            MaxRecordsPerPerson = 1000,
        }).ToList();
        return ReleaseSpec.Compile(new ReleaseSpecJson
        {
            Dataset = Design.Dataset,
            Title = Design.Title,
            Publisher = Design.Publisher,
            Period = Design.Period,
            Privacy = Design.Privacy,
            Domains = Design.Domains,
            Tables = tables,
        }, Directory, null, releaseChecks: false);
    }

    internal GlsEstimator Estimator { get; }

    /// <summary>Reads the release in <paramref name="directory"/>.</summary>
    /// <exception cref="InputException">A file is missing or malformed; the message names the file, line and field.</exception>
    public static PublishedRelease Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifestPath = Path.Combine(directory, DataPackage.FileName);
        if (!File.Exists(manifestPath))
        {
            throw Throw.Input(directory, null, null, $"has no {DataPackage.FileName}: this folder is not a release");
        }

        JsonDocument manifest;
        try
        {
            manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath), new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw Throw.Input(manifestPath, e.LineNumber + 1, null, $"is not valid JSON: {e.Message}");
        }

        using (manifest)
        {
            var (spec, design, version) = ReadDesign(manifestPath, manifest.RootElement);
            var (measured, dropped) = ReadMeasurements(Path.Combine(directory, Releaser.MeasurementsFileName), spec);
            return new PublishedRelease(directory, spec, design, version, new GlsEstimator(spec.Model, measured, dropped));
        }
    }

    /// <summary>Answers <paramref name="query"/>: estimates and 95% intervals for every row.</summary>
    /// <exception cref="InputException">The query names an unknown measure, dimension or value, or asks what the release does not measure; the message says what it does.</exception>
    public QueryAnswer Answer(ReleaseQuery query) => Answer(query, null, out _);

    /// <summary>
    /// Answers <paramref name="query"/> and, when <paramref name="exact"/> gives a table's exact counts (in
    /// the layout of its published values), each row's exact count from the same table: for scoring.
    /// </summary>
    internal QueryAnswer Answer(ReleaseQuery query, Func<TableSpec, long[]>? exact, out long[]? truths)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (by, where, attributes, source) = Resolve(query);
        var stages = Stages.Of(query.Measure);
        var sizes = by.Select(a => Spec.Dimensions[a].Values.Length).ToArray();
        MarginalQuery RowQuery(int[] values) =>
            new(attributes, [.. values.Select(v => ImmutableArray.Create(v)).Concat(where.Select(w => w.Values))], stages);

        var rows = sizes.Aggregate(1L, (n, s) => n * s);
        var values = new int[by.Length];
        if (Spec.Model.Unidentified(RowQuery(values)) is not null)
        {
            throw Refuse("query", $"the release cannot estimate {query}: no table measures {query.Measure} with {(attributes.IsEmpty ? "these stages" : string.Join(" and ", attributes.Select(a => Spec.Dimensions[a].Name)))}. " +
                $"It measures: {string.Join("; ", Spec.Tables.Select(t => $"{t.Name} ({string.Join(", ", t.Measures)}{(t.Dimensions.IsEmpty ? "" : " by " + string.Join(" and ", t.Dimensions.Select(d => d.Name)))})"))}");
        }

        truths = exact is null || source is null ? null : new long[rows];
        var result = ImmutableArray.CreateBuilder<QueryRow>((int)rows);
        for (long row = 0; row < rows; row++)
        {
            DisplayRounding.Decode(row, sizes, values);
            var answer = Estimator.Answer(RowQuery(values));
            var estimate = source is null
                ? Math.Max(0, (long)Math.Round(answer.Estimate, MidpointRounding.AwayFromZero))
                : SumCells(source, Published(source).Display, query.Measure, by, values, where);
            if (truths is not null)
            {
                truths[row] = SumCells(source!, exact!(source!), query.Measure, by, values, where);
            }

            var (lower, upper) = ReleaseEstimates.Interval(answer, estimate);
            result.Add(new QueryRow([.. by.Select((a, i) => Spec.Dimensions[a].Values[values[i]])], estimate, lower, upper, answer.Estimate));
        }

        return new QueryAnswer(query, 0.95, source?.Name, result.MoveToImmutable());
    }

    // The query's dimensions as model attributes, its where-values as indexes, and the smallest table
    // that holds the whole question (its values add up to the consistent estimate), if any.
    private (int[] By, List<(int Attribute, ImmutableArray<int> Values)> Where, ImmutableArray<int> Attributes, TableSpec? Source) Resolve(ReleaseQuery query)
    {
        if (!TableSpec.MeasureNames.Contains(query.Measure, StringComparer.Ordinal))
        {
            throw Refuse("measure", $"'{query.Measure}' is not a measure; use {string.Join(", ", TableSpec.MeasureNames)}");
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

            var domain = Spec.Dimensions[a].Values;
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
        var source = Spec.Tables.Where(t => t.Measures.Contains(query.Measure, StringComparer.Ordinal) && attributes.All(a => t.Dimensions.Any(d => d.Name == Spec.Dimensions[a].Name)))
            .OrderBy(t => t.Cells).FirstOrDefault();
        return (by, where, attributes, source);
    }

    private int DimensionIndex(string name, string field) =>
        Spec.AttributeOf(name) is var i and >= 0
            ? i
            : throw Refuse(field, $"'{name}' is not a dimension of this release; it has {string.Join(", ", Spec.Dimensions.Select(d => d.Name))}");

    // A question the release cannot answer: the folder is named, the problem says which part of the query.
    private InputException Refuse(string part, string problem) => Throw.Input(Directory, null, null, part == "query" ? problem : $"{part}: {problem}");

    // Values of `table` (cell-major, then measure) for `measure`, added over the cells that match the row and the where-values.
    private long SumCells(TableSpec table, long[] display, string measure, int[] by, int[] values, List<(int Attribute, ImmutableArray<int> Values)> where)
    {
        var m = table.Measures.IndexOf(measure);
        var tableSizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
        var modelOf = Spec.AttributesOf(table);
        var cellValues = new int[tableSizes.Length];
        var sum = 0L;
        for (long cell = 0; cell < table.Cells; cell++)
        {
            DisplayRounding.Decode(cell, tableSizes, cellValues);
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
    internal PublishedTable Published(TableSpec table)
    {
        if (_published.TryGetValue(table.Name, out var cached))
        {
            return cached;
        }

        var path = Path.Combine(Directory, table.Name + ".csv");
        if (!File.Exists(path))
        {
            throw Throw.Input(path, null, null, "is missing: the release lists it in datapackage.json");
        }

        var length = table.Cells * table.Measures.Length;
        var (display, lower, upper) = (new long[length], new long[length], new long[length]);
        using var reader = CsvTableReader.Open(path);
        var columns = table.Measures.Select(m => (
            Value: Column(reader, path, m), Lower: Column(reader, path, m + "_lower"), Upper: Column(reader, path, m + "_upper"))).ToArray();
        long cell = 0;
        while (reader.MoveNext())
        {
            if (cell == table.Cells)
            {
                throw Throw.Input(path, reader.Line, null, $"has more than the {table.Cells} cells of its declared domains");
            }

            for (var m = 0; m < columns.Length; m++)
            {
                var i = cell * columns.Length + m;
                (display[i], lower[i], upper[i]) = (Count(reader, columns[m].Value), Count(reader, columns[m].Lower), Count(reader, columns[m].Upper));
            }

            cell++;
        }

        if (cell != table.Cells)
        {
            throw Throw.Input(path, null, null, $"has {cell} cells; its declared domains have {table.Cells}");
        }

        return _published[table.Name] = new PublishedTable(table.Name, display, lower, upper);
    }

    private static int Column(CsvTableReader reader, string path, string name) =>
        reader.IndexOf(name) is var c and >= 0 ? c : throw Throw.Input(path, 1, name, "is missing from the header");

    private static long Count(CsvTableReader reader, int column) =>
        long.TryParse(reader[column], NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw reader.Error(column, $"'{reader[column]}' is not a non-negative integer");

    // The release's design: its privacy section compiled as a spec with per-table epsilons and bounds,
    // then held to the noise scales the manifest states, so that a manifest the code would not have
    // written is an error rather than a silently different model.
    private static (ReleaseSpec Spec, ReleaseSpecJson Design, string Version) ReadDesign(string path, JsonElement root)
    {
        InputException Error(string field, string problem) => Throw.Input(path, null, field, problem);
        JsonElement Get(JsonElement e, string name, string field) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : throw Error(field, "is missing");
        string Text(JsonElement e, string name, string field) =>
            Get(e, name, field) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : throw Error(field, "must be a string");
        Rational Exact(JsonElement e, string name, string field)
        {
            try
            {
                return RationalJson.Read(Get(e, name, field));
            }
            catch (FormatException x)
            {
                throw Error(field, x.Message);
            }
        }

        var privacy = Get(root, "privacy", "privacy");
        var coverage = Get(root, "temporalCoverage", "temporalCoverage");
        var domains = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var d in Get(privacy, "domains", "privacy.domains").EnumerateObject())
        {
            var values = d.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList();
            if (values.Count > 0 && values[^1] == Dimension.Other)
            {
                domains[d.Name] = values[..^1];
            }
        }

        var tables = Get(privacy, "tables", "privacy.tables");
        var json = new ReleaseSpecJson
        {
            Dataset = Text(root, "name", "name"),
            Title = Text(root, "title", "title"),
            Publisher = Text(root, "publisher", "publisher"),
            Period = new ReleaseSpecJson.PeriodPart { From = Text(coverage, "start", "temporalCoverage.start"), To = Text(coverage, "end", "temporalCoverage.end") },
            Privacy = new ReleaseSpecJson.PrivacyPart
            {
                Mechanism = Text(privacy, "mechanism", "privacy.mechanism"),
                MaxRecordsPerPerson = 1,
                DroppedShare = Exact(privacy, "dropped_share", "privacy.dropped_share"),
            },
            Domains = domains,
            Tables = [.. tables.EnumerateArray().Select((t, i) => new ReleaseSpecJson.TablePart
            {
                Name = Text(t, "name", $"privacy.tables[{i}].name"),
                Dimensions = [.. Get(t, "dimensions", $"privacy.tables[{i}].dimensions").EnumerateArray().Select(v => v.GetString() ?? "")],
                Measures = [.. Get(t, "measures", $"privacy.tables[{i}].measures").EnumerateArray().Select(v => v.GetString() ?? "")],
                Epsilon = Exact(t, "epsilon", $"privacy.tables[{i}].epsilon"),
                MaxRecordsPerPerson = Get(t, "contribution_bound", $"privacy.tables[{i}].contribution_bound").TryGetInt32(out var b) ? b : throw Error($"privacy.tables[{i}].contribution_bound", "must be a whole number"),
            })],
        };
        var spec = ReleaseSpec.Compile(json, path, null, releaseChecks: false);
        var i = 0;
        foreach (var t in tables.EnumerateArray())
        {
            if (!Rational.TryParse(Text(t, "scale", $"privacy.tables[{i}].scale"), out var scale) || scale != spec.Tables[i].Scale)
            {
                throw Error($"privacy.tables[{i}].scale", $"is {Text(t, "scale", "")}, but the table's epsilon, bound and the dropped share give {spec.Tables[i].Scale}");
            }

            i++;
        }

        return (spec, json, Text(root, "version", "version"));
    }

    // measurements.csv: each table's noisy count per cell and stage group, then the dropped-records counts.
    private static (double[][] Measured, DroppedMeasurement[] Dropped) ReadMeasurements(string path, ReleaseSpec spec)
    {
        if (!File.Exists(path))
        {
            throw Throw.Input(path, null, null, "is missing; a release before PrivacyShare's measurements.csv cannot be queried");
        }

        var measured = spec.Tables.Select(t => new double[t.Cells * t.Groups.Length]).ToArray();
        var seen = spec.Tables.Select(t => new bool[t.Cells * t.Groups.Length]).ToArray();
        var dropped = spec.DroppedClasses.Select(c => new double?[c.Groups.Length]).ToArray();
        var cellIndex = spec.Tables.Select(t => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        for (var t = 0; t < spec.Tables.Length; t++)
        {
            var table = spec.Tables[t];
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var values = new int[sizes.Length];
            for (long cell = 0; cell < table.Cells; cell++)
            {
                DisplayRounding.Decode(cell, sizes, values);
                cellIndex[t][string.Join(';', table.Dimensions.Select((d, k) => $"{d.Name}={d.Values[values[k]]}"))] = cell;
            }
        }

        using var reader = CsvTableReader.Open(path);
        if (!reader.Header.SequenceEqual(Releaser.MeasurementColumns, StringComparer.Ordinal))
        {
            throw Throw.Input(path, 1, null, $"its header must be {string.Join(",", Releaser.MeasurementColumns)}");
        }

        while (reader.MoveNext())
        {
            var name = reader[0].ToString();
            if (!long.TryParse(reader[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var noisy))
            {
                throw reader.Error(3, $"'{reader[3]}' is not an integer");
            }

            if (!Stages.TryParse(reader[2].ToString(), out var stages))
            {
                throw reader.Error(2, $"'{reader[2]}' is not a set of stages");
            }

            var t = spec.Tables.IndexOf(spec.Tables.FirstOrDefault(x => x.Name == name)!);
            if (t >= 0)
            {
                var table = spec.Tables[t];
                var group = table.Groups.IndexOf(stages);
                if (!cellIndex[t].TryGetValue(reader[1].ToString(), out var cell) || group < 0)
                {
                    throw reader.Error(cellIndex[t].ContainsKey(reader[1].ToString()) ? 2 : 1, $"is not a cell and stage group of table {name}");
                }

                var i = cell * table.Groups.Length + group;
                if (seen[t][i])
                {
                    throw reader.Error(1, "this cell and stage group appears twice");
                }

                seen[t][i] = true;
                measured[t][i] = noisy;
                continue;
            }

            var k = spec.DroppedClasses.IndexOf(spec.DroppedClasses.FirstOrDefault(c => c.Name == name)!);
            var g = k < 0 ? -1 : spec.DroppedClasses[k].Groups.IndexOf(stages);
            if (g < 0 || dropped[k][g] is not null)
            {
                throw reader.Error(0, $"'{Throw.Show(name)}' ({Throw.Show(reader[2])}) is not a table or dropped-records count of this release, or appears twice");
            }

            dropped[k][g] = noisy;
        }

        for (var t = 0; t < seen.Length; t++)
        {
            if (seen[t].Contains(false))
            {
                throw Throw.Input(path, null, null, $"lacks measurements of table {spec.Tables[t].Name}");
            }
        }

        return (measured, [.. dropped.Select((d, k) => new DroppedMeasurement(spec.DroppedClasses[k].Groups,
            [.. d.Select(v => v ?? throw Throw.Input(path, null, null, $"lacks a group of the dropped-records count {spec.DroppedClasses[k].Name}"))],
            NoiseSum.ToDouble(spec.DroppedClasses[k].Scale)))]);
    }
}
