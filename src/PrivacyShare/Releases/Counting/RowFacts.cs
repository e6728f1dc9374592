namespace PrivacyShare.Releases.Counting;

/// <summary>
/// What the parallel stage extracts from a batch of input rows for the counting stage: per row, whether
/// it is in the period, the person's key, each dimension's value index and the measure flags.
/// </summary>
internal sealed class RowFacts(int dimensions)
{
    public int Count { get; set; }

    public bool[] InPeriod { get; } = new bool[Internals.Csv.CellBatch.DefaultRows];

    public ulong[] People { get; } = new ulong[Internals.Csv.CellBatch.DefaultRows];

    public int[] Person { get; } = new int[Internals.Csv.CellBatch.DefaultRows];

    public int[] ValueIndex { get; } = new int[Internals.Csv.CellBatch.DefaultRows * Math.Max(dimensions, 1)];

    public byte[] Stage { get; } = new byte[Internals.Csv.CellBatch.DefaultRows];

    public long[] Line { get; } = new long[Internals.Csv.CellBatch.DefaultRows];
}
