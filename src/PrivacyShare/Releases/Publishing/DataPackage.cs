using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Manifest;

namespace PrivacyShare.Releases.Publishing;

/// <summary>
/// Makes a release's <c>datapackage.json</c> (<see cref="PackageManifest"/>): one resource per file
/// with its byte count and <c>sha256:</c> hash, a Table Schema for every table, and the
/// <c>privacy</c> property with the design and the accounting an auditor checks.
/// </summary>
internal static class DataPackage
{
    /// <summary>
    /// What every interval covers. The same words whatever the data: how many records lay beyond twice
    /// a bound is told to the records unit only, since even whether any did depends on one person.
    /// </summary>
    public const string IntervalsCover = "the true count of every record except a person's records beyond twice the table's contribution_bound";

    /// <summary>Writes the manifest of the files in <paramref name="folder"/> and returns its bytes.</summary>
    public static byte[] Write(string folder, ReleaseDesign design, string version, Reservation spending, IReadOnlyList<string>? periodsMeasured = null, string? summaryMeasured = null)
    {
        var heading = design.Heading;
        var resources = design.Tables.Select(t => Resource(folder, t.Name, ReleaseFolder.TableFileName(t.Name), "tabular-data-resource", "csv", "text/csv", null, TableSchema(t, design.Heading.Display))).ToList();
        resources.Add(Resource(folder, "measurements", ReleaseFolder.MeasurementsFileName, "tabular-data-resource", "csv", "text/csv", null, new ManifestSchema
        {
            Fields =
            [
                Field("table", "string", "The table (or dropped-records count) the measurement belongs to"),
                Field("cell", "string", "The cell: dimension=value pairs joined by ';' (empty for a dropped-records count)"),
                Field("stages", "string", "The stages summed: not_matched, matched_no_detainer, detainer_not_removed, removed, joined by '+'"),
                Field("noisy_count", "integer", "The exact count plus discrete Laplace noise; unbiased, may be negative"),
                Field("noise_scale", "string", "The discrete Laplace scale b of the noise, an exact decimal or fraction"),
                Field("sequence", "integer", "The release of the dataset that drew this measurement: this one, or, in a calendar, the earlier release whose measurement is carried"),
            ],
        }));
        resources.Add(Resource(folder, "methodology", ReleaseFolder.MethodologyFileName, "data-resource", "md", "text/markdown", null, null));
        resources.Add(Resource(folder, "report", ReleaseFolder.ReportFileName, "data-resource", "html", "text/html", "The release for readers: key facts, charts and how to check it", null));

        var manifest = new PackageManifest
        {
            Profile = "data-package",
            Name = heading.Dataset,
            Title = heading.Title,
            Version = version,
            Created = DateTimeOffset.UtcNow,
            Publisher = heading.Publisher,
            Contributors = [new ManifestContributor { Title = heading.Publisher, Role = "publisher" }],
            TemporalCoverage = new ManifestCoverage { Start = heading.From.ToString(), End = heading.To.ToString() },
            Resources = resources,
            Privacy = Privacy(design, spending, periodsMeasured, summaryMeasured),
        };
        var bytes = ManifestJson.Write(manifest);
        File.WriteAllBytes(Path.Combine(folder, ReleaseFolder.ManifestFileName), bytes);
        return bytes;
    }

    private static ManifestPrivacy Privacy(ReleaseDesign design, Reservation spending, IReadOnlyList<string>? periodsMeasured, string? summaryMeasured) => new()
    {
        Calendar = design.Heading.Calendar is { } calendar ? new ManifestCalendar
        {
            Cadence = calendar.Cadence.ToString().ToLowerInvariant(),
            From = calendar.From.ToString(),
            To = calendar.To.ToString(),
            Summary = calendar.Summary?.ToString().ToLowerInvariant(),
            SummaryShare = calendar.Summary is null ? null : calendar.SummaryShare,
            Period = design.Dimensions[design.AttributeOf("period")].Values[^1],
            PeriodsMeasured = [.. periodsMeasured ?? []],
            SummaryMeasured = summaryMeasured,
            Summaries = calendar.Summary is null ? null : [.. design.Summaries.Select(x => x.Span.Label)],
            Counts = "events: each measure counts the events first recorded in a period (arrests: bookings first seen; ident_matches, detainers, removals: outcomes first recorded), each person's events capped by a table's bound across the whole calendar (docs/calendar.md)",
        } : null,
        Mechanism = DiscreteLaplace.MechanismName,
        Unit = "person",
        DroppedShare = design.DroppedShare,
        AlphaNoise = MarginalModel.AlphaNoise,
        AlphaDropped = GlsEstimator.AlphaDropped,
        IntervalsCover = IntervalsCover,
        Domains = design.Dimensions.ToDictionary(d => d.Name, d => d.Values.ToList(), StringComparer.Ordinal),
        Tables = [.. design.Tables.Select(t => new ManifestTable
        {
            Name = t.Name,
            Dimensions = [.. t.Dimensions.Select(d => d.Name)],
            Measures = [.. t.Measures.Select(Measures.Name)],
            StageGroups = [.. t.Groups.Select(Stages.Describe)],
            Epsilon = t.Epsilon,
            MeasurementEpsilon = t.MeasurementEpsilon,
            ContributionBound = t.Bound,
            Sensitivity = t.Sensitivity,
            Scale = t.Scale,
            Dropped = t.Dropped >= 0 ? design.Dropped[t.Dropped].Name : null,
            BeyondBound = t.RefusesBeyondBound ? "refuse" : null,
        })],
        Dropped = [.. design.Dropped.Select(c => new ManifestDropped
        {
            Name = c.Name,
            ContributionBound = c.Bound,
            Stages = Stages.Describe(c.Stages),
            StageGroups = [.. c.Groups.Select(Stages.Describe)],
            CountedPer = c.PeriodDimension?.Name,
            Epsilon = c.Epsilon,
            Sensitivity = c.Bound,
            Scale = c.Scale,
        })],
        Epsilon = spending.Epsilon, // what this release charged: a summary's epsilon is its own, not the tables'
        AbandonedEpsilon = spending.AbandonedEpsilon,
        CumulativeEpsilon = spending.CumulativeEpsilon,
        Budget = spending.TotalBudget,
        Sequence = spending.Sequence,
        Periods = Periods(spending.Periods),
        ChargedTo = spending.ChargedToEveryPeriod ? "every" : "read",
        PeriodCharges = new ManifestPeriodCharges
        {
            Every = spending.Charges.Everywhere,
            Months = [.. spending.Charges.Runs().Select(r => new ManifestCharge { Epsilon = r.Epsilon, Periods = Periods(r.Months) })],
        },
        Abandoned = [.. spending.AbandonedCharges.Select(a => new ManifestCharge { Epsilon = a.Epsilon, Periods = a.Months is { } m ? Periods(m) : null })],
        BudgetHistory = [.. spending.BudgetHistory.Select(b => new ManifestBudgetChange { From = b.From, To = b.To, Reason = b.Reason, At = b.At })],
        LedgerSequence = spending.LedgerSequence,
        LedgerKey = spending.LedgerKeyId,
        LedgerHead = new ManifestLedgerHead { Entries = spending.LedgerEntries, Hash = spending.LedgerHeadHash },
        Previous = spending.PreviousManifestSha256,
    };

    private static ManifestPeriods Periods(PeriodRange months) => new() { From = months.From.ToString(), To = months.To.ToString() };

    // The domain goes into the schema as an enum constraint, so a verifier can check from the package
    // alone that every cell is present exactly once.
    private static ManifestSchema TableSchema(TableDesign table, DisplayLabels names) => new()
    {
        Fields =
        [
            .. table.Dimensions.Select(d => Field(d.Name, "string",
                $"Dimension{(names.Dimension(d.Name) == d.Name ? "" : $" ({names.Dimension(d.Name)})")}: every value of the declared domain ({d.Values.Length} values{(d.HasOther ? $", {Dimension.Other} for values outside it" : "")})" + Codes(d, names),
                new ManifestConstraints { Required = true, Enum = [.. d.Values] })),
            .. table.Measures.SelectMany(m => new[]
            {
                Field(Measures.Name(m), "integer", $"Estimated count of {Measures.Describe(m)}: a non-negative integer, consistent with every other table of this release (see METHODOLOGY.md)"),
                Field(Measures.Name(m) + "_lower", "integer", $"Lower end of the 95% interval for the true count of {Measures.Name(m)}"),
                Field(Measures.Name(m) + "_upper", "integer", $"Upper end of the 95% interval for the true count of {Measures.Name(m)}: the noise interval's upper end plus the allowance for records the contribution bound left out, which may fall in this cell"),
                Field(Measures.Name(m) + "_noise_lower", "integer", $"Lower end of the 95% interval from noise alone: for the {Measures.Name(m)} the contribution bound counted"),
                Field(Measures.Name(m) + "_noise_upper", "integer", $"Upper end of the 95% interval from noise alone: for the {Measures.Name(m)} the contribution bound counted (the allowance for left-out records is shared by all cells; see METHODOLOGY.md)"),
            }),
        ],
        PrimaryKey = [.. table.Dimensions.Select(d => d.Name)],
    };

    // What every resource states: name, path, profile, format, media type, encoding, and the file's
    // byte count and hash.
    private static ManifestResource Resource(string folder, string name, string path, string profile, string format, string mediatype, string? title, ManifestSchema? schema)
    {
        var bytes = File.ReadAllBytes(Path.Combine(folder, path));
        return new ManifestResource
        {
            Name = name,
            Path = path,
            Profile = profile,
            Title = title,
            Format = format,
            Mediatype = mediatype,
            Encoding = "utf-8",
            Bytes = bytes.Length,
            Hash = "sha256:" + ReleaseFolder.Sha256(bytes),
            Schema = schema,
        };
    }

    // "; codes: W White, B Black, ...": the labels of a dimension's values, for a reader of the schema.
    private static string Codes(Dimension d, DisplayLabels names)
    {
        var labelled = d.Values.Where(v => names.Value(d.Name, v) is not null).Select(v => $"{v} {names.Value(d.Name, v)}").ToArray();
        return labelled.Length == 0 ? "" : "; codes: " + string.Join(", ", labelled);
    }

    private static ManifestField Field(string name, string type, string description, ManifestConstraints? constraints = null) =>
        new() { Name = name, Type = type, Description = description, Constraints = constraints };
}
