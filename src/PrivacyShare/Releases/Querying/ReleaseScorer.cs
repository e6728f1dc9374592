using System.Collections.Immutable;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases.Querying;

/// <summary>
/// Scores a release against the synthetic extract it was made from: the exact counts of ALL records
/// (every contribution bound lifted) beside each published value and each query answer, with their
/// errors and how often the 95% intervals contain them. For researchers with ground truth: it prints
/// exact counts, so it is for synthetic extracts only.
/// </summary>
public static class ReleaseScorer
{
    /// <summary>
    /// The queries scored when none are given: every measure's total, and every measure by every
    /// dimension of a table that publishes it.
    /// </summary>
    public static ImmutableArray<ReleaseQuery> DefaultQueries(PublishedRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var queries = ImmutableArray.CreateBuilder<ReleaseQuery>();
        foreach (var measure in TableSpec.MeasureNames.Where(m => release.Tables.Any(t => t.Measures.Contains(m, StringComparer.Ordinal))))
        {
            queries.Add(ReleaseQuery.Total(measure));
            foreach (var d in release.Dimensions.Where(d => release.Tables.Any(t => t.Measures.Contains(measure, StringComparer.Ordinal) && t.Dimensions.Any(x => x.Name == d.Name))))
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
        var unbounded = release.Unbounded();
        var counts = ReleaseCounter.Count(unbounded, truthPath);
        if (counts.DroppedByBound > 0)
        {
            throw Throw.Input(truthPath, null, null, $"{counts.DroppedByBound:N0} records belong to people with more than 1000 records, beyond what score counts exactly");
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
                        values[cell * table.Measures.Length + m] += (groups[g] & stages) != 0 ? counts.Tables[t][cell * groups.Length + g] : 0;
                    }
                }
            }

            exact[table.Name] = values;
        }

        var tables = ImmutableArray.CreateBuilder<ScoredSet>();
        foreach (var table in release.Tables)
        {
            var published = release.Published(table);
            var sizes = table.Dimensions.Select(d => d.Values.Length).ToArray();
            var index = new int[sizes.Length];
            for (var m = 0; m < table.Measures.Length; m++)
            {
                var rows = ImmutableArray.CreateBuilder<ScoredRow>((int)table.Cells);
                for (long cell = 0; cell < table.Cells; cell++)
                {
                    Estimation.DisplayRounding.Decode(cell, sizes, index);
                    var i = cell * table.Measures.Length + m;
                    rows.Add(new ScoredRow([.. table.Dimensions.Select((d, k) => d.Values[index[k]])], exact[table.Name][i], published.Display[i], published.Lower[i], published.Upper[i]));
                }

                tables.Add(new ScoredSet($"{table.Name}: {table.Measures[m]}", [.. table.Dimensions.Select(d => d.Name)], rows.MoveToImmutable()));
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

            scored.Add(new ScoredSet(query.ToString(), query.By, [.. answer.Rows.Select((r, i) => new ScoredRow(r.Values, truths[i], r.Estimate, r.Lower, r.Upper))]));
        }

        return new ScoreReport(counts.RecordsRead - counts.OutsidePeriod, tables.ToImmutable(), scored.ToImmutable(), unanswered.ToImmutable());
    }
}
