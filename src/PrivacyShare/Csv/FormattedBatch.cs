using System.Text;

namespace PrivacyShare.Csv;

/// <summary>
/// A transformed batch: its cells (for the consumer's bookkeeping, such as risk counting) and the CSV
/// text of the rows to write, formatted by Sep on the transforming thread.
/// </summary>
internal sealed class FormattedBatch(int columns)
{
    public CellBatch Cells { get; } = new(columns);

    public StringBuilder Text { get; } = new(1 << 18);

    /// <summary>Rows formatted into <see cref="Text"/>.</summary>
    public int RowsWritten { get; set; }

    public void Reset()
    {
        Cells.Clear();
        Text.Clear();
        RowsWritten = 0;
    }
}
