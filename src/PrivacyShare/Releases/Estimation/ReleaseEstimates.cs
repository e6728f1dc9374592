using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// Everything a release publishes that is computed from its noisy measurements: each table's display
/// values (consistent non-negative integers, <see cref="DisplayRounding"/>) and, for each, the 95%
/// interval of the unbiased GLS estimate (<see cref="GlsEstimator"/>), rounded outward, floored at 0
/// and widened where needed to contain the display value. Post-processing only: no exact count enters.
/// The proof of the intervals is docs/proofs/intervals.md.
/// </summary>
/// <remarks>
/// Publishing a consistent point estimate beside an interval built on the unbiased estimate follows the
/// US Census Bureau's 2020 practice (the DAS "noisy measurement" and GLS products): the rounded,
/// non-negative values serve readers, the unbiased estimate and its exact error serve inference.
/// </remarks>
internal static class ReleaseEstimates
{
    /// <summary>Every table's published values and intervals (cell-major, then measure).</summary>
    public static ImmutableArray<PublishedTable> Compute(MarginalModel model, MarginLattice lattice, GlsEstimator estimator)
    {
        // The noise half-widths are most of the work (an exact distribution each) and independent of one
        // another and of the data: every cell of a table has its measure's one shape, so they are known
        // up front and computed on every core (a verification's wall time on 2 cores: about a third less).
        OnEveryCore(model, CellShapes(model));

        // Then the display rounding and each answer's allowance for left-out records (an exact distribution
        // per shape of answer, GlsEstimator.ShapeKey): independent of each other, so side by side, and the
        // tables' loop only looks the allowances up. Computed in that loop, on one thread, they left the
        // second core idle for about 2 of a verification's 20 ms (issue #22).
        Dictionary<Margin, long[]>? display = null;
        Action[] work = [() => display = DisplayRounding.Round(lattice, estimator), .. AnswerShapes(model, estimator).Select(q => (Action)(() => estimator.PrepareShape(q)))];
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, a => a());
        return [.. model.Tables.Select((table, t) => Table(model, t, estimator, display![table.Margin]))];
    }

    // One cell of each shape of answer the tables' cells have (GlsEstimator.ShapeKey): for each table and
    // measure, its first cell, and where the periods a cell selects matter, its first cell of each period.
    private static IEnumerable<MarginalQuery> AnswerShapes(MarginalModel model, GlsEstimator estimator)
    {
        var seen = new HashSet<(object, string)>();
        for (var t = 0; t < model.Tables.Length; t++)
        {
            var cells = model.CellsOf(t);
            foreach (var stages in model.Tables[t].MeasureStages)
            {
                for (long cell = 0; cell < cells; cell++)
                {
                    var q = model.CellQuery(t, cell, stages);
                    if (seen.Add(estimator.ShapeKey(q, model.Weights(q))))
                    {
                        yield return q;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Null when every table's estimate agrees with its own measurements; else why not. For each table and
    /// stage group, the estimate of the group's total over all cells and the sum of the table's noisy
    /// measurements of it differ by noise and by the records the tables' different bounds leave out: the
    /// sum's noise has variance (cells x v_t), and a difference over 1000 of its standard deviations
    /// has probability under 1e-6 (Chebyshev) for a correct estimator; the bounds' share is at most the
    /// width of the total's own interval, which allows for every left-out record. Checked before a release
    /// is signed, so an estimator that lost a table (as a relative eigenvalue cut-off once did) can never
    /// publish.
    /// </summary>
    public static string? Disagreement(MarginalModel model, GlsEstimator estimator, IReadOnlyList<double[]> measured)
    {
        for (var t = 0; t < model.Tables.Length; t++)
        {
            var table = model.Tables[t];
            var cells = model.CellsOf(t);
            var groups = table.Groups;
            for (var g = 0; g < groups.Length; g++)
            {
                var sum = 0.0;
                for (long cell = 0; cell < cells; cell++)
                {
                    sum += measured[t][cell * groups.Length + g];
                }

                var answer = estimator.Answer(new MarginalQuery([], [], groups[g]));
                var estimate = answer.Estimate;
                var limit = 1000 * Math.Sqrt(cells * table.Variance) + (answer.Upper - answer.Lower) + 1;
                if (!(Math.Abs(estimate - sum) <= limit))
                {
                    return $"table {table.Name}: the estimate of its total ({estimate:F0}) differs from its own measurements ({sum:F0}) by more than noise can ({limit:F0})";
                }
            }
        }

        return null;
    }

    /// <summary>Per table, the noise half-widths its cells and its total get, per measure: data-free, what <c>plan</c> prints.</summary>
    public static ImmutableArray<(ImmutableArray<double> Cell, ImmutableArray<double> Total)> HalfWidths(MarginalModel model)
    {
        // Computed on every core first, as in Compute: a release plans its tables (and with "dropped_share":
        // "auto" chooses its shares from these) before it reads a row, so on one thread this was time no
        // other core shared (about 35 ms of a native release of 1M rows, issue #22).
        OnEveryCore(model, model.Tables.SelectMany((table, t) => table.MeasureStages.SelectMany(s => new[] { model.CellQuery(t, 0, s), new MarginalQuery([], [], s) })));
        return [.. model.Tables.Select((table, t) =>
            (Cell: table.MeasureStages.Select(s => model.NoiseHalfWidth(model.CellQuery(t, 0, s))).ToImmutableArray(),
             Total: table.MeasureStages.Select(s => model.NoiseHalfWidth(new MarginalQuery([], [], s))).ToImmutableArray()))];
    }

    /// <summary>
    /// Computes, into the model's cache, the noise half-width of every table's cells, per measure: what
    /// <see cref="Compute"/> needs first, and needs no measurement. On the calling thread, in the reverse
    /// of Compute's order, so that a Compute started meanwhile meets this work in the middle rather than
    /// waiting on it: a verification runs it while it checks the release's files.
    /// </summary>
    public static void Prepare(MarginalModel model)
    {
        var queries = CellShapes(model).ToArray();
        for (var i = queries.Length - 1; i >= 0; i--)
        {
            model.NoiseHalfWidth(queries[i]);
        }
    }

    private static IEnumerable<MarginalQuery> CellShapes(MarginalModel model) =>
        model.Tables.SelectMany((table, t) => table.MeasureStages.Select(s => model.CellQuery(t, 0, s)));

    // The noise half-widths of these queries, into the model's cache: an exact distribution each,
    // independent of one another, so on every core. No more threads than cores: the calling thread joins
    // the pool's, and a third on two cores only shares them, each with its own fresh work arrays.
    private static void OnEveryCore(MarginalModel model, IEnumerable<MarginalQuery> queries) =>
        Parallel.ForEach(queries.Select(model.Weights).ToArray(), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, w => model.NoiseHalfWidth(w));

    /// <summary>
    /// The published intervals of an answer whose display value is <paramref name="value"/>: each rounded
    /// outward to integers, floored at 0 (no count is negative), and stretched to contain the value; the
    /// interval for the true count is stretched to contain the noise interval.
    /// </summary>
    /// <remarks>
    /// When noise pulls the estimate so far down that the whole interval lies below 0 (about 2.5% of
    /// cells whose true count is near 0), flooring alone would publish "0 to 0", a certainty the data do
    /// not give. The upper end is then the noise half-width h instead: the counts whose measurement
    /// would fall this low with the usual probability. Only wider, so coverage can only rise.
    /// </remarks>
    public static PublishedInterval Interval(GlsAnswer answer, long value)
    {
        var (noiseLower, noiseUpper) = Rounded(answer.Estimate - answer.NoiseHalfWidth, answer.Estimate + answer.NoiseHalfWidth, answer.NoiseHalfWidth, value);
        var (lower, upper) = Rounded(answer.Lower, answer.Upper, answer.NoiseHalfWidth, value);
        return new PublishedInterval(Math.Min(lower, noiseLower), noiseLower, noiseUpper, Math.Max(upper, noiseUpper));
    }

    private static (long Lower, long Upper) Rounded(double low, double high, double halfWidth, long value)
    {
        var lower = Math.Min(value, Math.Max(0, (long)Math.Floor(low)));
        var upper = Math.Max(value, Math.Max(0, (long)Math.Ceiling(high)));
        return (lower, upper == lower ? Math.Max(lower + 1, (long)Math.Ceiling(halfWidth)) : upper);
    }

    private static PublishedTable Table(MarginalModel model, int t, GlsEstimator estimator, long[] marginValues)
    {
        var table = model.Tables[t];
        var cells = model.CellsOf(t);
        var measures = table.MeasureStages.Length;
        var display = new long[cells * measures];
        var intervals = new PublishedInterval[display.Length];
        var sizes = table.Attributes.Select(a => model.Sizes[a]).ToArray();
        var marginAttributes = MarginalModel.Attributes(table.Mask);
        var values = new int[sizes.Length];
        var groups = table.Groups;
        for (long cell = 0; cell < cells; cell++)
        {
            // The margin orders attributes as the model does; the table as its spec does.
            CellIndex.Decode(cell, sizes, values);
            var marginCell = 0L;
            foreach (var a in marginAttributes)
            {
                marginCell = marginCell * model.Sizes[a] + values[table.Attributes.IndexOf(a)];
            }

            for (var m = 0; m < measures; m++)
            {
                var stages = table.MeasureStages[m];
                var value = 0L;
                for (var g = 0; g < groups.Length; g++)
                {
                    if ((groups[g] & stages) != 0)
                    {
                        value += marginValues[marginCell * groups.Length + g];
                    }
                }

                var i = cell * measures + m;
                display[i] = value;
                intervals[i] = Interval(estimator.Answer(model.CellQuery(t, cell, stages)), value);
            }
        }

        return new PublishedTable(table.Name, display, intervals);
    }
}
