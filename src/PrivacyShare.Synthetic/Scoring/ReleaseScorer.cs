using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Estimation;
using PrivacyShare.Releases.Querying;

namespace PrivacyShare.Synthetic.Scoring;

/// <summary>
/// Scores a release against the synthetic extract it was made from: the exact counts of ALL records
/// (every contribution bound lifted) beside each published value and each query answer, with their
/// errors and how often the 95% intervals contain them. For researchers with ground truth: it prints
/// exact counts, so it is for synthetic extracts only.
/// </summary>
internal static class ReleaseScorer
{
    /// <summary>
    /// The queries scored when none are given: every measure's total, and every measure by every
    /// dimension of a table that publishes it.
    /// </summary>
    public static ImmutableArray<ReleaseQuery> DefaultQueries(PublishedRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var queries = ImmutableArray.CreateBuilder<ReleaseQuery>();
        var tables = release.Design.Tables;
        foreach (var measure in Enum.GetValues<Measure>().Where(m => tables.Any(t => t.Measures.Contains(m))))
        {
            queries.Add(ReleaseQuery.Total(measure));
            foreach (var d in release.Dimensions.Where(d => tables.Any(t => t.Measures.Contains(measure) && t.Dimensions.Any(x => x.Name == d.Name))))
            {
                queries.Add(ReleaseQuery.ByDimensions(measure, d.Name));
            }
        }

        return queries.ToImmutable();
    }

    /// <summary>Scores <paramref name="release"/> against the extract <paramref name="truthPath"/>.</summary>
    /// <exception cref="InputException">The extract cannot be read, or a person in it has more than 1000 records (the largest bound).</exception>
    public static ScoreReport Score(PublishedRelease release, string truthPath, IEnumerable<ReleaseQuery>? queries = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        // The release's tables with every contribution bound at its largest (1000): what counts the exact
        // records of everyone who has at most 1000, for comparing published values with the truth.
        var design = release.Design;
        var unbounded = ReleaseDesign.Create(design.Heading, [.. release.Declared.Select(t => t with { Bound = 1000 })], design.DroppedShare, null, release.Directory, forRelease: false);
        var counts = ReleaseCounter.Count(unbounded, truthPath);
        if (counts.DroppedByBound > 0)
        {
            throw Throw.TooManyRecordsToScore(truthPath, counts.DroppedByBound);
        }

        // Each table's exact counts in the layout of its published values: cell-major, then measure.
        var exact = new Dictionary<string, long[]>(StringComparer.Ordinal);
        for (var t = 0; t < unbounded.Tables.Length; t++)
        {
            var table = unbounded.Tables[t];
            var groups = table.Groups;
            var values = new long[table.Cells * table.Measures.Length];
            for (long cell = 0; cell < table.Cells; cell++)
            {
                for (var m = 0; m < table.Measures.Length; m++)
                {
                    var stages = Stages.Of(table.Measures[m]);
                    for (var g = 0; g < groups.Length; g++)
                    {
                        values[cell * table.Measures.Length + m] += (groups[g] & stages) != StageSet.None ? counts.Tables[t][cell * groups.Length + g] : 0;
                    }
                }
            }

            exact[table.Name] = values;
        }

        var scoredTables = ImmutableArray.CreateBuilder<ScoredSet>();
        foreach (var table in design.Tables)
        {
            var published = release.Published(table);
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var index = new int[sizes.Length];
            for (var m = 0; m < table.Measures.Length; m++)
            {
                var rows = ImmutableArray.CreateBuilder<ScoredRow>((int)table.Cells);
                for (long cell = 0; cell < table.Cells; cell++)
                {
                    CellIndex.Decode(cell, sizes, index);
                    var i = cell * table.Measures.Length + m;
                    rows.Add(new ScoredRow([.. table.Dimensions.Select((d, k) => d.Values[index[k]])], exact[table.Name][i], published.Display[i], published.Intervals[i].Lower, published.Intervals[i].Upper, published.Intervals[i].NoiseLower, published.Intervals[i].NoiseUpper));
                }

                scoredTables.Add(new ScoredSet($"{table.Name}: {Measures.Name(table.Measures[m])}", [.. table.Dimensions.Select(d => d.Name)], rows.MoveToImmutable()));
            }
        }

        var scored = ImmutableArray.CreateBuilder<ScoredSet>();
        var unanswered = ImmutableArray.CreateBuilder<string>();
        foreach (var query in queries ?? DefaultQueries(release))
        {
            QueryAnswer answer;
            long[]? truths;
            try
            {
                answer = release.Answer(query, t => exact[t.Name], out truths);
            }
            catch (InputException e)
            {
                unanswered.Add($"{query}: {e.Problem}");
                continue;
            }

            if (truths is null)
            {
                unanswered.Add($"{query}: no single table holds it, so its exact count is not computed here");
                continue;
            }

            scored.Add(new ScoredSet(query.ToString(), query.By, [.. answer.Rows.Select((r, i) => new ScoredRow(r.Values, truths[i], r.Estimate, r.Lower, r.Upper, r.NoiseLower, r.NoiseUpper))]));
        }

        return new ScoreReport(counts.RecordsRead - counts.OutsidePeriod, scoredTables.ToImmutable(), scored.ToImmutable(), unanswered.ToImmutable());
    }
}
