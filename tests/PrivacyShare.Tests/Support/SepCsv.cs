using PrivacyShare.Internals.Csv;

namespace PrivacyShare.Tests.Support;

/// <summary>A table written by the Sep-based <see cref="CsvTableWriter"/>, the reference other CSV output is held to.</summary>
public static class SepCsv
{
    /// <summary>The bytes of a table with <paramref name="header"/> and <paramref name="rows"/>, every cell set as text.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new CsvTableWriter(stream, header))
        {
            foreach (var values in rows)
            {
                using var row = writer.NewRow();
                for (var i = 0; i < values.Length; i++)
                {
                    writer.SetText(row, i, values[i]);
                }
            }

            writer.Complete();
        }

        return stream.ToArray();
    }
}
