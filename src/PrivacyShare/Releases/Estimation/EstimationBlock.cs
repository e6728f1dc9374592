namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// One independently estimated part of a release: its model and margin lattice, and its measurements
/// (per table of the model). For a calendar with summaries, a block is a summarized span (its periods'
/// tables and the summary's) or the periods no summary joined; <see cref="Periods"/> then maps the
/// block's period values to the release's. Null <see cref="Periods"/>: the block is the whole release.
/// </summary>
internal sealed record EstimationBlock(MarginalModel Model, MarginLattice Lattice, int[]? Periods, IReadOnlyList<double[]> Measured);
