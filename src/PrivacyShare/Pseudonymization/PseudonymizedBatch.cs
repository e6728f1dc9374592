using PrivacyShare.Internals.Csv;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// One transformed batch and its thread's scratch: the output cells, their risk class keys, the CSV
/// bytes of the rows to write, and one <see cref="PseudonymQueue"/> per pseudonymized column. Reused
/// batch after batch, so the steady state allocates nothing.
/// </summary>
internal sealed class PseudonymizedBatch
{
    public PseudonymizedBatch(PolicyPlan plan)
    {
        Cells = new CellBatch(plan.OutputColumns.Length);
        Queues = [.. Enumerable.Range(0, plan.PseudonymColumns).Select(_ => new PseudonymQueue())];
    }

    public CellBatch Cells { get; }

    /// <summary>Each row's risk class key (<see cref="RiskTable.AppendKey"/>), row for row.</summary>
    public CellBatch ClassKeys { get; } = new(1);

    public Utf8CsvRows Csv { get; } = new();

    public PseudonymQueue[] Queues { get; }

    /// <summary>Rows formatted into <see cref="Csv"/>.</summary>
    public int RowsWritten { get; set; }

    public void Reset()
    {
        Cells.Clear();
        ClassKeys.Clear();
        Csv.Clear();
        RowsWritten = 0;
    }
}
