using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;
using PrivacyShare.Records;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Manifest;

/// <summary>
/// A published release's design, rebuilt from its manifest alone: each table's dimensions, measures,
/// epsilon and bound and the dropped share go through the same <see cref="ReleaseDesign.Create"/> a
/// release uses, and every scale the manifest states must be the one they give, so that a manifest
/// the code would not have written is an error rather than a silently different model.
/// </summary>
internal static class ManifestDesign
{
    // The calendar as the manifest states it, with the same rules as a spec's.
    private static CalendarDesign Calendar(ManifestCalendar c, Func<string, string, InputException> error)
    {
        if (!CalendarDesign.TryParseCadence(c.Cadence, out var cadence) || !ArrestMonth.TryParse(c.From, out var from) || !ArrestMonth.TryParse(c.To, out var to) || to < from)
        {
            throw error("privacy.calendar", "must state its cadence (month, quarter or year) and its first and last months");
        }

        Cadence? summary = null;
        if (c.Summary is { } s)
        {
            summary = CalendarDesign.TryParseCadence(s, out var longer) && longer > cadence ? longer : throw error("privacy.calendar.summary", $"'{Throw.Show(s)}' is not a summary of this calendar");
        }

        var share = c.SummaryShare ?? new Rational(1, 2);
        return share.Sign > 0 && share < Rational.One
            ? new CalendarDesign(cadence, from, to, summary, share)
            : throw error("privacy.calendar.summary_share", "must be above 0 and below 1");
    }

    /// <summary>The design of the release whose manifest is <paramref name="manifest"/>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="InputException">A field the design needs is missing or inconsistent; the message names it.</exception>
    public static (ReleaseDesign Design, ImmutableArray<DeclaredTable> Tables) Read(PackageManifest manifest, string path)
    {
        InputException Error(string field, string problem) => Throw.BadRelease(path, null, field, problem);
        T Get<T>(T? value, string field)
            where T : class => value ?? throw Error(field, "is missing");
        T Value<T>(T? value, string field)
            where T : struct => value ?? throw Error(field, "is missing");

        var privacy = Get(manifest.Privacy, "privacy");
        var coverage = Get(manifest.TemporalCoverage, "temporalCoverage");
        var heading = new ReleaseHeading(
            Get(manifest.Name, "name"),
            Get(manifest.Title, "title"),
            Get(manifest.Publisher, "publisher"),
            Get(manifest.Version, "version"),
            ArrestMonth.TryParse(Get(coverage.Start, "temporalCoverage.start"), out var from) ? from : throw Error("temporalCoverage.start", "is not a month (yyyy-MM)"),
            ArrestMonth.TryParse(Get(coverage.End, "temporalCoverage.end"), out var to) ? to : throw Error("temporalCoverage.end", "is not a month (yyyy-MM)"),
            privacy.Calendar is { } c ? Calendar(c, Error) : null);
        if (privacy.Mechanism != DiscreteLaplace.MechanismName)
        {
            throw Error("privacy.mechanism", $"is '{privacy.Mechanism}'; PrivacyShare releases use {DiscreteLaplace.MechanismName}");
        }

        var domains = Get(privacy.Domains, "privacy.domains");
        if (heading.Calendar is { } calendar && (!domains.TryGetValue("period", out var periods) || !periods.SequenceEqual(calendar.Periods.Take(periods.Count).Select(p => p.Label), StringComparer.Ordinal)
            || periods.Count == 0 || periods[^1] != privacy.Calendar!.Period))
        {
            throw Error("privacy.domains.period", "must list the calendar's periods from its first to the period the release publishes");
        }

        var tables = Get(privacy.Tables, "privacy.tables").Select((t, i) =>
        {
            var at = $"privacy.tables[{i}]";
            var dimensions = Get(t.Dimensions, at + ".dimensions").Select(name => domains.TryGetValue(name, out var values)
                ? new Dimension(name, [.. values], hasOther: values.Count > 0 && values[^1] == Dimension.Other)
                : throw Error("privacy.domains", $"has no domain for {name}, a dimension of table {t.Name}")).ToImmutableArray();
            var measures = Get(t.Measures, at + ".measures").Select(m => Measures.TryParse(m, out var measure) ? measure : throw Error(at + ".measures", $"'{Throw.Show(m)}' is not a measure")).ToImmutableArray();
            var refuse = t.BeyondBound switch
            {
                null => false,
                "refuse" => true,
                var other => throw Error(at + ".beyond_bound", $"is '{Throw.Show(other)}'; it is absent, or refuse"),
            };
            // Each table's own dropped share ("dropped_share": "auto" chooses one per table) is what its
            // measurement epsilon leaves of its epsilon; a table that refuses records beyond its bound has none.
            var epsilon = Value(t.Epsilon, at + ".epsilon");
            var share = Rational.One - (Value(t.MeasurementEpsilon, at + ".measurement_epsilon") / epsilon);
            if (share.Sign < 0 || share >= Rational.One || (share.Sign == 0) != refuse)
            {
                throw Error(at + ".measurement_epsilon", refuse
                    ? "must equal epsilon: a table that refuses records beyond its bound spends nothing on a dropped-records count"
                    : "must be above 0 and below epsilon: the rest of the table's epsilon counts the records its bound leaves out");
            }

            return new DeclaredTable(Get(t.Name, at + ".name"), dimensions, measures, epsilon, 1, Value(t.ContributionBound, at + ".contribution_bound"), refuse, refuse ? null : share);
        }).ToImmutableArray();

        if (tables.Sum(t => t.Dimensions.Aggregate(1.0, (n, d) => n * d.Values.Length)) > ReleaseDesign.MaxCells)
        {
            throw Error("privacy.tables", $"declare more than the {ReleaseDesign.MaxCells:N0} cells a release may publish");
        }

        ReleaseDesign design;
        try
        {
            // Counts kept per arrest month are as the manifest says: a release made before that rule has none.
            var perMonth = (privacy.Dropped ?? []).Where(d => d.CountedPer == "arrest_month" && d.Name is not null).Select(d => d.Name!).ToHashSet(StringComparer.Ordinal);
            design = ReleaseDesign.Create(heading, tables, Value(privacy.DroppedShare, "privacy.dropped_share"), null, path, forRelease: false, perMonth: perMonth);
        }
        catch (ArgumentException e)
        {
            throw Error("privacy.tables", $"does not describe a design PrivacyShare can make: {e.Message}");
        }

        // A calendar's summaries measured so far: derived from its tables and calendar, as the release made them.
        if (privacy.Calendar?.Summaries is { Count: > 0 } summaries)
        {
            design = design.WithSummaries(summaries, path, forRelease: false);
        }

        for (var i = 0; i < design.Tables.Length; i++)
        {
            if (privacy.Tables![i].Scale != design.Tables[i].Scale)
            {
                throw Error($"privacy.tables[{i}].scale", $"is {privacy.Tables[i].Scale}, but the table's epsilon, bound and the dropped share give {design.Tables[i].Scale}");
            }
        }

        var dropped = Get(privacy.Dropped, "privacy.dropped");
        for (var k = 0; k < design.Dropped.Length; k++)
        {
            var per = design.Dropped[k].PeriodDimension?.Name;
            if (k >= dropped.Count || dropped[k].Name != design.Dropped[k].Name || dropped[k].Scale != design.Dropped[k].Scale || dropped[k].CountedPer != per)
            {
                throw Error($"privacy.dropped[{k}]", $"must be the dropped-records count {design.Dropped[k].Name} with scale {design.Dropped[k].Scale}{(per is null ? "" : $", counted per {per}")}, which the tables' bounds, stages, dimensions and epsilons give");
            }
        }

        return (design, tables);
    }
}
