using PrivacyShare.Pseudonymization;

namespace PrivacyShare.Cli;

/// <summary>The human summary of a pseudonymization and its re-identification risk.</summary>
internal static class RiskSummary
{
    public static void Write(TextWriter w, PseudonymizeResult r)
    {
        var risk = r.Risk;
        w.WriteLine($"wrote {r.OutputPath}: {r.RecordsWritten:N0} records, {r.OutputColumns.Count} columns, pseudonym key {r.KeyId}");
        w.WriteLine($"re-identification risk over {string.Join(", ", risk.QuasiIdentifiers)}:");
        Statistics(w, risk.Before);
        if (risk.WithoutEach.Length > 1)
        {
            w.WriteLine("  unique records if one quasi-identifier were left out (generalize or drop the first ones):");
            w.WriteLine("    " + string.Join(", ", risk.WithoutEach.Select(d =>
                $"{risk.QuasiIdentifiers.Except(d.QuasiIdentifiers, StringComparer.Ordinal).Single()} -> {d.RecordsInUniqueClasses:N0}")));
        }

        if (risk.UniquestPairs.Length > 0)
        {
            w.WriteLine("  pairs that alone make the most records unique: " + string.Join(", ", risk.UniquestPairs.Select(d =>
                $"{string.Join("+", d.QuasiIdentifiers)} ({d.RecordsInUniqueClasses:N0})")));
        }

        if (risk.MinK is { } k && risk.After is { } after)
        {
            w.WriteLine($"--min-k {k} removed {risk.RecordsRemoved:N0} records; the written extract:");
            Statistics(w, after);
        }

        if (r.ReportPath is not null)
        {
            w.WriteLine($"wrote {r.ReportPath}: the risk report as JSON");
        }
    }

    private static void Statistics(TextWriter w, RiskStatistics s)
    {
        w.WriteLine($"  {s.Records:N0} records in {s.Classes:N0} classes; smallest class {s.SmallestClassSize:N0}");
        w.WriteLine($"  unique: {s.RecordsInUniqueClasses:N0} ({Text.Percent(s.RecordsInUniqueClasses, s.Records)}); " +
            $"in classes below 5: {s.RecordsInClassesBelow5:N0} ({Text.Percent(s.RecordsInClassesBelow5, s.Records)}); " +
            $"below 10: {s.RecordsInClassesBelow10:N0} ({Text.Percent(s.RecordsInClassesBelow10, s.Records)})");
    }
}
