using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases;

/// <summary>What <see cref="BoundAdvisor.Advise"/> measured (with noise) and recommends.</summary>
public sealed class BoundAdvice
{
    internal BoundAdvice(string dataset, Rational epsilon, long ledgerEntry, bool calendar, ImmutableArray<StageHistogram> measured, ImmutableArray<TableBoundAdvice> tables, long binNoiseHalfWidth)
    {
        Calendar = calendar;
        BinNoiseHalfWidth = binNoiseHalfWidth;
        Dataset = dataset;
        Epsilon = epsilon;
        LedgerEntry = ledgerEntry;
        Measured = measured;
        Tables = tables;
    }

    /// <summary>The dataset charged.</summary>
    public string Dataset { get; }

    /// <summary>The epsilon the measurement spent (charged in the ledger before any noise was drawn).</summary>
    public Rational Epsilon { get; }

    /// <summary>The ledger entry of the charge.</summary>
    public long LedgerEntry { get; }

    /// <summary>Per set of stages, how many people have how many records: noisy, post-processed, never exact.</summary>
    public ImmutableArray<StageHistogram> Measured { get; }

    /// <summary>
    /// Whether the spec was a calendar's: its tables were weighed as one release over the calendar's
    /// span, by arrest month, would publish them (its bounds cap a person across the whole calendar).
    /// </summary>
    public bool Calendar { get; }

    /// <summary>The 95% half-width of each bin's noise: beside the people measured, how far to trust the advice.</summary>
    public long BinNoiseHalfWidth { get; }

    /// <summary>
    /// Whether the noise is too large for the extract to trust the advice: each bin's 95% noise half-width
    /// is more than a tenth of the people measured (a small extract, or a small epsilon for bounds).
    /// </summary>
    public bool TooNoisy => Measured.Any(m => BinNoiseHalfWidth > 0.1 * m.Bins.Sum(b => b.People));

    /// <summary>The advice per table, in the spec's order.</summary>
    public ImmutableArray<TableBoundAdvice> Tables { get; }
}
