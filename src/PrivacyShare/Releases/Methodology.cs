using System.Text;
using PrivacyShare.Ledger;

namespace PrivacyShare.Releases;

/// <summary>Writes METHODOLOGY.md: the release explained in plain language.</summary>
internal static class Methodology
{
    public static string Write(ReleaseSpec spec, string version, Spending spending, IReadOnlyList<TableRelease> tables)
    {
        var b = new StringBuilder();
        b.Append("# ").Append(spec.Title).Append("\n\n");
        b.Append("Published by ").Append(spec.Publisher).Append(". Dataset `").Append(spec.Dataset).Append("`, release ")
         .Append(version).Append(" (number ").Append(spending.Sequence).Append(" of this dataset). Arrests from ")
         .Append(spec.From).Append(" to ").Append(spec.To).Append(" inclusive; arrests outside this period are not counted.\n\n");

        b.Append("## What is published\n\n");
        foreach (var t in spec.Tables)
        {
            b.Append("- `").Append(t.Name).Append(".csv`: ").Append(string.Join(", ", t.Measures.Select(DataPackage.Describe)))
             .Append(", by ").Append(string.Join(" and ", t.Dimensions.Select(d => d.Name))).Append(": ")
             .Append(t.Cells).Append(" cells, one for every combination of the declared values.\n");
        }

        b.Append("\nEvery cell of every declared value is published, including cells whose true count is zero: which cells appear never depends on the data. ");
        b.Append("Values outside a declared list are counted in a cell labelled `OTHER`.\n\n");

        b.Append("## How privacy is protected\n\n");
        b.Append("Each published count is the true count plus random noise drawn from the discrete Laplace distribution, sampled exactly from integers with the operating system's cryptographic random generator. ");
        b.Append("The noise makes the tables differentially private: whether or not any one person's records are in the data changes the probability of any published table by at most a factor of e^epsilon.\n\n");
        b.Append("- The privacy unit is the person. At most ").Append(spec.MaxRecordsPerPerson)
         .Append(" arrest records of each person are counted (the first ones in the source file); further records of the same person are left out, so that no one person can move the numbers much.\n");
        b.Append("- One record adds at most 1 to each measure of a single cell, so one person changes a table by at most the bound times its number of measures (its sensitivity).\n\n");
        b.Append("| table | epsilon | sensitivity | noise scale | 95% margin of error |\n|---|---|---|---|---|\n");
        foreach (var t in tables)
        {
            b.Append("| ").Append(t.Name).Append(" | ").Append(t.Epsilon).Append(" | ").Append(t.Sensitivity).Append(" | ")
             .Append(t.Scale).Append(" | ").Append(t.MarginOfError95).Append(" |\n");
        }

        b.Append("\nThis release spends epsilon ").Append(spec.TotalEpsilon).Append(" in total (the tables' epsilons add up). ");
        b.Append("Including this release, the dataset has spent epsilon ").Append(spending.CumulativeEpsilon).Append(" of its budget of ")
         .Append(spending.TotalBudget).Append(". The budget is kept in a ledger that refuses any release that would exceed it.\n\n");

        b.Append("## How to read the numbers\n\n");
        b.Append("- Each count is unbiased: on average the noise is zero. Each count has a column `<measure>_moe95`: the noise is larger than this margin with probability at most 5%, so the true count lies within the published count plus or minus the margin at least 95% of the time.\n");
        b.Append("- A small or negative count does not mean that something did or did not happen: a count of -3 with a margin of 30 says the true count is between 0 and 27. Do not round negative counts up to zero or drop them before adding cells: summing noisy cells keeps the sum unbiased (its noise grows only with the square root of the number of cells).\n");
        b.Append("- Differences smaller than the margins of error may be noise. Compare rates over many cells, or over whole rows and columns, rather than single small cells.\n");
        b.Append("- No exact count, record, name or identifier is contained in this release.\n\n");
        b.Append("## Verifying\n\n`datapackage.json` lists every file with its size and SHA-256 hash, and its `privacy` property repeats the figures above, with the hash of the previous release of this dataset (`previous`), so that releases form a chain.\n");
        return b.ToString();
    }
}
