using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Releases.Design;

namespace PrivacyShare.Releases;

/// <summary>
/// Recommends each table's contribution bound (<c>max_records_per_person</c>) from the data, without
/// showing anyone an exact count: it charges a small epsilon to the dataset in the ledger, measures
/// with noise how many people have 1, 2, 3, ... records among each table's stages, and weighs every
/// bound by the expected width of the table's published intervals: the noise, which grows with the
/// bound, plus the records the bound leaves out, which shrink with it (docs/releases.md).
/// </summary>
/// <remarks>
/// A bound chosen from exact counts would itself disclose them: it is published in the manifest, and a
/// bound set at the heaviest repeat arrestee's count tells that count. The measurement is a histogram
/// per set of stages, in bins 1, 2, 3, 4, 5-6, 7-8, 9-12, 13-16, 17-32, 33+; one person is in one bin of
/// each, so the sensitivity is the number of histograms and each bin gets discrete Laplace noise of
/// scale histograms / epsilon, drawn after the charge is committed. The noisy counts are then made
/// non-negative and non-increasing in density (pool adjacent violators; Barlow et al. 1972), which is
/// post-processing. The charge is settled as spent without a release, so the next release's accounting
/// shows it among the charges that published nothing.
/// </remarks>
public static class BoundAdvisor
{
    /// <summary>How the ledger's charge for bound advice starts its folder field (it has no folder: nothing is published).</summary>
    internal const string LedgerFolder = "(bound advice";

    private const string Purpose = "the bound advice (plan's measurement of records per person)";

    private const int Top = 33;

    // Few bins in the tail: every bin carries the same noise, and the tail's people are few.
    private static readonly (int Low, int? High)[] Bins =
        [(1, 1), (2, 2), (3, 3), (4, 4), (5, 6), (7, 8), (9, 12), (13, 16), (17, 32), (33, null)];

    // For the density of the open bin (33 and more): as if it were 33 to 64.
    private const int OpenWidth = 32;

    private static readonly int[] Candidates = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32];

    /// <summary>Measures and advises; the charge is in the ledger before any noise is drawn.</summary>
    /// <exception cref="InputException">The extract is invalid.</exception>
    /// <exception cref="RefusedException">No ledger or budget, not enough budget left, or the ledger is busy.</exception>
    public static BoundAdvice Advise(BoundAdviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A calendar's bounds cap each person's records across the whole calendar: its tables are
        // weighed as one release over the calendar's span would publish them, month by month.
        var spec = options.Spec.AsOneShot() ?? options.Spec;
        var design = spec.Design;

        var epsilon = options.Epsilon;
        if (epsilon.Sign <= 0 || epsilon > new Rational(100, 1))
        {
            throw Throw.OutOfRange(nameof(options), epsilon, $"the epsilon for bounds must be above 0 and at most 100 (got {epsilon})");
        }

        var dataset = design.Heading.Dataset;
        var periods = new PeriodRange(design.Heading.From, design.Heading.To);
        using var ledger = BudgetLedger.Open(options.LedgerPath, options.LedgerKeyPath);
        ledger.CheckAffordable(dataset, epsilon, periods, everyPeriod: true, purpose: Purpose);

        // Everything that depends on the spec alone is computed before the charge, so that nothing after
        // it can fail but the noise: each table's noise half-width and allowance at every bound weighed.
        var weights = design.Tables.Select((t, i) => t.RefusesBeyondBound ? [] : Widths(spec, i, t)).ToArray();

        // The exact per-person counts: read as a release reads (linkage, validation), held in memory
        // only until the noise is added.
        var (_, perRecords) = ReleaseCounter.CountPeoplePerRecords(design, options.InputPath, Top, options.Progress);
        var weighed = design.Tables.Where(t => !t.RefusesBeyondBound).Select(t => Stages.Union(t.Groups)).Distinct().ToArray();

        options.Progress?.Report(new PipelineProgress("charging the budget", 0));
        using var ledgerLock = ledger.TryLockPublishing(Releaser.LedgerWait)
            ?? throw Throw.LedgerBusy(ledger.Path, Releaser.LedgerWait.TotalMinutes);
        Releaser.SettleOpen(ledger, dataset);
        var reservation = ledger.Reserve(dataset, epsilon, periods, everyPeriod: true, $"{LedgerFolder} for {Path.GetFileName(spec.Source)}: no release)", purpose: Purpose);
        var measured = new Dictionary<StageSet, RecordsPerPersonBin[]>();
        var scale = new Rational(Math.Max(1, weighed.Length), 1) / epsilon;
        try
        {
            var noise = DiscreteLaplace.ForEpsilon(new Rational(Math.Max(1, weighed.Length), 1), epsilon);
            foreach (var stages in weighed)
            {
                var exact = perRecords.First(p => p.Stages == stages).People;
                measured[stages] = Monotone([.. Bins.Select(b => Sum(exact, b.Low, b.High ?? Top) + noise.Sample())]);
            }
        }
        finally
        {
            ledger.Abandon(reservation.EntryId); // spent, and no release: the next release states it
        }

        // From here on, post-processing of the noisy counts and the spec alone.
        var tables = design.Tables.Select((t, i) => Weigh(t, weights[i], measured)).ToImmutableArray();
        return new BoundAdvice(dataset, epsilon, reservation.EntryId, options.Spec.Design.Heading.Calendar is not null,
            [.. measured.Select(m => new StageHistogram(Stages.Describe(m.Key), [.. m.Value]))], tables,
            Estimation.NoiseSum.OneSidedBound(scale.ToDouble(), 0.025));
    }

    private static long Sum(long[] exact, int low, int high)
    {
        long sum = 0;
        for (var k = low; k <= Math.Min(high, Top); k++)
        {
            sum += exact[k];
        }

        return sum;
    }

    // Non-negative, and non-increasing in people per record count (a heavy tail thins out): pool
    // adjacent violators on the densities, weighted by the bins' widths, the open bin as if 33 to 64.
    private static RecordsPerPersonBin[] Monotone(long[] noisy)
    {
        static int Width(int b) => Bins[b].High is { } high ? high - Bins[b].Low + 1 : OpenWidth;
        var blocks = new List<(double Sum, double Width, int Count)>();
        for (var b = 0; b < Bins.Length; b++)
        {
            blocks.Add((Math.Max(0, noisy[b]), Width(b), 1));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Width < blocks[^1].Sum / blocks[^1].Width)
            {
                var (s, w, c) = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (blocks[^1].Sum + s, blocks[^1].Width + w, blocks[^1].Count + c);
            }
        }

        var result = new RecordsPerPersonBin[Bins.Length];
        var bin = 0;
        foreach (var (sum, width, count) in blocks)
        {
            for (var j = 0; j < count; j++, bin++)
            {
                result[bin] = new RecordsPerPersonBin(Bins[bin].Low, Bins[bin].High, sum / width * Width(bin));
            }
        }

        return result;
    }

    // The records beyond bound b: within a bin its people are spread evenly over its counts; the open
    // bin's people are taken at its lowest count, so the figure errs low there.
    private static double LeftOut(RecordsPerPersonBin[] bins, int b)
    {
        var total = 0.0;
        foreach (var bin in bins)
        {
            var high = bin.High ?? bin.Low;
            var each = bin.People / (high - bin.Low + 1);
            for (var k = bin.Low; k <= high; k++)
            {
                total += Math.Max(0, k - b) * each;
            }
        }

        return total;
    }

    // Per bound weighed: the table's widest 95% noise half-width of a cell, and the allowance its upper
    // ends add for the noise of the left-out count.
    private static (int Bound, double Half, double Allowance)[] Widths(ReleaseSpec spec, int index, TableDesign table) =>
        [.. Candidates.Append(table.Bound).Distinct().Order().Select(b =>
        {
            var plan = ReleasePlan.For(b == table.Bound ? spec : spec.WithBound(index, b));
            var t = plan.Tables[index];
            var allowance = t.Dropped is { } name ? plan.Dropped.First(d => d.Name == name).Allowance : 0;
            return (b, t.CellHalfWidths.Max(), (double)allowance);
        })];

    private static TableBoundAdvice Weigh(TableDesign table, (int Bound, double Half, double Allowance)[] widths, Dictionary<StageSet, RecordsPerPersonBin[]> measured)
    {
        var stages = Stages.Union(table.Groups);
        if (table.RefusesBeyondBound)
        {
            return new TableBoundAdvice(table.Name, Stages.Describe(stages), table.Bound, null, [],
                "declares \"beyond_bound\": \"refuse\": its bound must hold every person's records, so it is not weighed");
        }

        var bins = measured[stages];
        var options = widths.Select(w =>
        {
            var left = LeftOut(bins, w.Bound);
            return new BoundOption(w.Bound, (2 * w.Half) + w.Allowance + left, w.Half, w.Allowance, left);
        }).ToImmutableArray();
        var best = options.MinBy(o => o.Width)!;
        return new TableBoundAdvice(table.Name, Stages.Describe(stages), table.Bound, best.Bound, options, null);
    }
}
