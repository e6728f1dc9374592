namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// A table's cells are numbered in row-major order over its dimensions' domains (the last dimension
/// varies fastest): the order of its CSV rows, its measurements and its published values.
/// </summary>
internal static class CellIndex
{
    /// <summary>The value indexes of row-major cell <paramref name="cell"/> over domains of <paramref name="sizes"/>.</summary>
    public static void Decode(long cell, IReadOnlyList<int> sizes, int[] values)
    {
        for (var d = sizes.Count - 1; d >= 0; d--)
        {
            values[d] = (int)(cell % sizes[d]);
            cell /= sizes[d];
        }
    }

    /// <summary>The row-major cell of <paramref name="values"/> over domains of <paramref name="sizes"/>: the inverse of <see cref="Decode"/>.</summary>
    public static long Encode(IReadOnlyList<int> values, IReadOnlyList<int> sizes)
    {
        var cell = 0L;
        for (var d = 0; d < sizes.Count; d++)
        {
            cell = cell * sizes[d] + values[d];
        }

        return cell;
    }
}
