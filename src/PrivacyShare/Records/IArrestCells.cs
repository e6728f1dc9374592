namespace PrivacyShare.Records;

/// <summary>
/// One row's cells in canonical column order, however they are held (a CSV reader's row, an import's
/// mapped values), so that one function turns any of them into an <see cref="ArrestRecord"/>
/// (<see cref="ArrestFields.Record"/>).
/// </summary>
internal interface IArrestCells
{
    /// <summary>The cell of canonical column <paramref name="canonical"/> (an index into <see cref="ArrestSchema.Columns"/>).</summary>
    ReadOnlySpan<char> Cell(int canonical);
}
