namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// Display values: non-negative integers, one set per margin of the <see cref="MarginLattice"/>, that
/// add up exactly to their parent margin's. Within each parent cell the GLS estimates are projected
/// onto the simplex {z &gt;= 0, sum z = parent value} (Euclidean projection, Duchi et al., "Efficient
/// projections onto the l1-ball", ICML 2008, Fig. 1) and rounded by largest remainder, which keeps the
/// sum. Stage order within a cell (removals &lt;= detainers &lt;= matches &lt;= arrests) follows, because
/// every measure is a sum of non-negative stage groups.
/// </summary>
internal static class DisplayRounding
{
    /// <summary>Each margin's display values, cell-major (cells in model attribute order), then block.</summary>
    public static Dictionary<Margin, long[]> Round(MarginLattice lattice, GlsEstimator estimator)
    {
        var model = estimator.Model;
        var display = new Dictionary<Margin, long[]>();
        foreach (var margin in lattice.Order)
        {
            var attributes = MarginalModel.Attributes(margin.Mask);
            var sizes = attributes.Select(a => model.Sizes[a]).ToArray();
            var cells = sizes.Aggregate(1, (n, s) => n * s);
            var blocks = margin.Blocks.Length;
            var estimates = new double[cells * blocks];
            var values = new int[attributes.Length];
            for (var cell = 0; cell < cells; cell++)
            {
                CellIndex.Decode(cell, sizes, values);
                for (var b = 0; b < blocks; b++)
                {
                    var q = new MarginalQuery([.. attributes], [.. values.Select(v => System.Collections.Immutable.ImmutableArray.Create(v))], margin.Blocks[b]);
                    estimates[cell * blocks + b] = estimator.Estimate(q, model.Weights(q));
                }
            }

            var rounded = new long[estimates.Length];
            if (lattice.Parents[margin] is not { } parent)
            {
                for (var i = 0; i < estimates.Length; i++)
                {
                    rounded[i] = Math.Max(0, (long)Math.Round(estimates[i], MidpointRounding.AwayFromZero));
                }
            }
            else
            {
                var parentAttributes = MarginalModel.Attributes(parent.Mask);
                var parentValues = display[parent];
                var groups = new Dictionary<long, List<int>>();
                for (var cell = 0; cell < cells; cell++)
                {
                    CellIndex.Decode(cell, sizes, values);
                    var parentCell = 0L;
                    foreach (var a in parentAttributes)
                    {
                        parentCell = parentCell * model.Sizes[a] + values[Array.IndexOf(attributes, a)];
                    }

                    for (var b = 0; b < blocks; b++)
                    {
                        var parentBlock = parent.Blocks.IndexOf(parent.Blocks.FirstOrDefault(p => (p & margin.Blocks[b]) == margin.Blocks[b]));
                        var key = parentBlock < 0 ? -1 - (cell * blocks + b) : parentCell * parent.Blocks.Length + parentBlock;
                        (groups.TryGetValue(key, out var list) ? list : groups[key] = []).Add(cell * blocks + b);
                    }
                }

                foreach (var (key, entries) in groups)
                {
                    if (key < 0)
                    {
                        rounded[entries[0]] = Math.Max(0, (long)Math.Round(estimates[entries[0]], MidpointRounding.AwayFromZero));
                        continue;
                    }

                    var parts = ProjectAndRound([.. entries.Select(e => estimates[e])], parentValues[key]);
                    for (var i = 0; i < entries.Count; i++)
                    {
                        rounded[entries[i]] = parts[i];
                    }
                }
            }

            display[margin] = rounded;
        }

        return display;
    }

    /// <summary>Non-negative integers adding up to <paramref name="total"/>, as close to <paramref name="estimates"/> as a projection and largest-remainder rounding make them.</summary>
    public static long[] ProjectAndRound(double[] estimates, long total)
    {
        var n = estimates.Length;
        var result = new long[n];
        if (total <= 0 || n == 0)
        {
            return result;
        }

        // Duchi et al. 2008: theta such that sum max(v - theta, 0) = total.
        var sorted = estimates.OrderDescending().ToArray();
        double running = 0, theta = 0;
        for (var j = 0; j < n; j++)
        {
            running += sorted[j];
            var candidate = (running - total) / (j + 1);
            if (sorted[j] - candidate > 0)
            {
                theta = candidate;
            }
        }

        // Snapped to 1e-9 before rounding: cells whose estimates share one adjustment (a table's cells of
        // one period, all moved by the same share of their margin's difference) have equal fractional
        // parts, and rounding residues of 1e-14 must not decide which of them gets the extra unit. Else a
        // calendar's earlier period could change by one when later periods join the estimate.
        var projected = estimates.Select(v => Math.Round(Math.Max(v - theta, 0), 9)).ToArray();
        var floors = projected.Select(v => (long)Math.Floor(v)).ToArray();
        var left = total - floors.Sum();
        var order = Enumerable.Range(0, n).OrderByDescending(i => projected[i] - floors[i]).ThenBy(i => i).ToArray();
        for (var i = 0; i < n; i++)
        {
            result[i] = floors[i];
        }

        for (var i = 0; left > 0; i = (i + 1) % n, left--)
        {
            result[order[i]]++;
        }

        return result;
    }
}
