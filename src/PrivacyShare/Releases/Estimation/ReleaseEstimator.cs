using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// A release's estimates from its noisy measurements: GLS (<see cref="GlsEstimator"/>) over one block,
/// or, for a calendar with summaries, over independent blocks (docs/calendar.md): each summarized span
/// with its summary, and the periods no summary joined. Blocks share no measurement, so the GLS estimate
/// of a query over several is the sum of each block's, its variance the sum of theirs, and its noise the
/// sum of their independent noises (one exact distribution over all their terms). The allowance for
/// left-out events takes, per dropped-records measurement and group, the range of the query's weights
/// over the cells of every block it touches where that measurement's events can lie (its release's
/// periods): a measurement's left-out events add up to its count wherever they fall among those.
/// </summary>
internal sealed class ReleaseEstimator
{
    private readonly GlsEstimator[] _estimators;
    private readonly int _period;

    /// <summary>
    /// An estimator over <paramref name="blocks"/>; <paramref name="model"/> is the release's model
    /// (queries are in its terms), <paramref name="period"/> its period attribute (-1 for a one-shot release).
    /// </summary>
    public ReleaseEstimator(MarginalModel model, ImmutableArray<EstimationBlock> blocks, IReadOnlyList<DroppedMeasurement> dropped, int period)
    {
        Model = model;
        Blocks = blocks;
        _period = period;
        _estimators = [.. blocks.Select(b => new GlsEstimator(b.Model, b.Measured, dropped, period, b.Periods))];
    }

    /// <summary>The release's model: the published tables over every period.</summary>
    public MarginalModel Model { get; }

    /// <summary>The dropped-records measurements the allowance for left-out records uses: each release's, per class.</summary>
    public ImmutableArray<DroppedMeasurement> Dropped => _estimators[0].Dropped;

    /// <summary>The blocks.</summary>
    public ImmutableArray<EstimationBlock> Blocks { get; }

    /// <summary>The estimate and 95% interval of <paramref name="q"/>, a query in the release's model.</summary>
    public GlsAnswer Answer(MarginalQuery q)
    {
        if (Blocks[0].Periods is null)
        {
            return _estimators[0].Answer(q);
        }

        double estimate = 0, variance = 0;
        var terms = new List<NoiseTerm>();
        (double Min, double Max)[][]? ranges = null;
        for (var b = 0; b < Blocks.Length; b++)
        {
            if (Local(q, Blocks[b]) is not { } local)
            {
                continue;
            }

            var model = Blocks[b].Model;
            var weights = model.Weights(local);
            estimate += _estimators[b].Estimate(local, weights);
            variance += model.Variance(local);
            terms.AddRange(weights.Select(w => new NoiseTerm(w.Lambda, w.Multiplicity, model.Tables[w.Table].Scale)));
            var r = _estimators[b].Ranges(local, weights);
            ranges = ranges is null ? r : [.. ranges.Select((k, i) => k.Select((x, g) => (Math.Min(x.Min, r[i][g].Min), Math.Max(x.Max, r[i][g].Max))).ToArray())];
        }

        var h = NoiseSum.HalfWidth([.. terms], MarginalModel.AlphaNoise);
        var (below, above) = ranges is null ? (0, 0) : _estimators[0].Allowance(ranges);
        return new GlsAnswer(estimate, Math.Sqrt(variance), h, estimate - h + below, estimate + h + above);
    }

    /// <summary>Null when the measurements determine <paramref name="q"/>; else an attribute subset they leave open.</summary>
    public int? Unidentified(MarginalQuery q)
    {
        for (var b = 0; b < Blocks.Length; b++)
        {
            if (Local(q, Blocks[b]) is { } local && Blocks[b].Model.Unidentified(local) is { } open)
            {
                return open;
            }
        }

        return null;
    }

    /// <summary>Every table's published values and intervals, in the release's layout (<see cref="ReleaseEstimates.Compute"/> per block).</summary>
    public ImmutableArray<PublishedTable> Publish()
    {
        if (Blocks[0].Periods is null)
        {
            return ReleaseEstimates.Compute(Model, Blocks[0].Lattice, _estimators[0]);
        }

        var parts = Blocks.Select((b, i) => ReleaseEstimates.Compute(b.Model, b.Lattice, _estimators[i])).ToArray();
        var blockOf = new Dictionary<int, (int Block, int Local)>();
        for (var b = 0; b < Blocks.Length; b++)
        {
            for (var i = 0; i < Blocks[b].Periods!.Length; i++)
            {
                blockOf[Blocks[b].Periods![i]] = (b, i);
            }
        }

        return [.. Model.Tables.Select((table, t) =>
        {
            var sizes = table.Attributes.Select(a => Model.Sizes[a]).ToArray();
            var position = table.Attributes.IndexOf(_period);
            var measures = table.MeasureStages.Length;
            var cells = Model.CellsOf(t);
            var (display, intervals) = (new long[cells * measures], new PublishedInterval[cells * measures]);
            var values = new int[sizes.Length];
            for (long cell = 0; cell < cells; cell++)
            {
                CellIndex.Decode(cell, sizes, values);
                var (b, local) = blockOf[values[position]];
                values[position] = local;
                var part = parts[b][t];
                var from = CellIndex.Encode(values, [.. table.Attributes.Select(a => Blocks[b].Model.Sizes[a])]) * measures;
                Array.Copy(part.Display, from, display, cell * measures, measures);
                Array.Copy(part.Intervals, from, intervals, cell * measures, measures);
            }

            return new PublishedTable(table.Name, display, intervals);
        })];
    }

    /// <summary>Null when every block's estimate agrees with its own measurements (<see cref="ReleaseEstimates.Disagreement"/>); else why not.</summary>
    public string? Disagreement()
    {
        for (var b = 0; b < Blocks.Length; b++)
        {
            if (ReleaseEstimates.Disagreement(Blocks[b].Model, _estimators[b], Blocks[b].Measured) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    // The query in a block's terms: its selected periods renumbered within the block; null when it selects none there.
    private MarginalQuery? Local(MarginalQuery q, EstimationBlock block)
    {
        var at = q.Attributes.IndexOf(_period);
        if (at < 0 || block.Periods is null)
        {
            return q;
        }

        var local = q.Selected[at].Select(p => Array.IndexOf(block.Periods!, p)).Where(i => i >= 0).ToImmutableArray();
        return local.IsEmpty ? null : q with { Selected = q.Selected.SetItem(at, local) };
    }
}
