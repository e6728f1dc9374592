using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The tables' cells and every margin they share, closed under <see cref="Margin.Meet"/>, each with
/// the one coarser margin its display values must add up to. Display values are fixed parent first,
/// so every shared margin gets one set of integers that every table containing it adds up to.
/// </summary>
/// <remarks>
/// One parent at a time keeps the rounding a projection per parent cell, which always has a
/// non-negative integer solution. A margin under two incomparable coarser margins would need a
/// controlled rounding of a two-way table (Cox 1987); specs that would need it are refused for now,
/// naming the tables, before any data is read.
/// </remarks>
internal sealed class MarginLattice
{
    private MarginLattice(ImmutableArray<Margin> order, ImmutableDictionary<Margin, Margin?> parents)
    {
        Order = order;
        Parents = parents;
    }

    /// <summary>Every margin, each after its parent.</summary>
    public ImmutableArray<Margin> Order { get; }

    /// <summary>Each margin's parent, or null for a root.</summary>
    public ImmutableDictionary<Margin, Margin?> Parents { get; }

    /// <summary>The lattice of <paramref name="tables"/>' margins; the message names the tables when one has two parents.</summary>
    public static MarginLattice Build(IReadOnlyList<(string Name, Margin Margin)> tables, out string? problem)
    {
        problem = null;
        var all = tables.Select(t => t.Margin).Distinct().ToList();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var meet in all.SelectMany(a => all, Margin.Meet).OfType<Margin>().ToList())
            {
                if (!all.Contains(meet))
                {
                    all.Add(meet);
                    grew = true;
                }
            }
        }

        var parents = ImmutableDictionary.CreateBuilder<Margin, Margin?>();
        foreach (var m in all)
        {
            var below = all.Where(x => !x.Equals(m) && x.IsCoarserOrEqual(m)).ToList();
            var maximal = below.Where(x => !below.Any(y => !y.Equals(x) && x.IsCoarserOrEqual(y))).ToList();
            if (maximal.Count > 1 && problem is null)
            {
                // Name the tables holding m and, for two of the margins above it, the tables that share them.
                var inner = tables.Where(t => m.IsCoarserOrEqual(t.Margin)).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();
                string Holders(Margin x) => string.Join(" and ", tables.Where(t => x.IsCoarserOrEqual(t.Margin) && !inner.Contains(t.Name)).Select(t => t.Name).Distinct(StringComparer.Ordinal));
                problem = $"{string.Join(", ", inner)} shares one margin with {Holders(maximal[0])} and another with {Holders(maximal[1])}, " +
                    "and those two margins do not nest in each other. PrivacyShare rounds shared margins consistently only when they nest: " +
                    "leave out one of these breakdowns, or split the table so that each shared breakdown has one table above it (see docs/releases.md)";
            }

            parents[m] = maximal.FirstOrDefault();
        }

        var order = new List<Margin>();
        while (order.Count < all.Count)
        {
            order.AddRange(all.Where(m => !order.Contains(m) && (parents[m] is not { } p || order.Contains(p))).ToList());
        }

        return new MarginLattice([.. order], parents.ToImmutable());
    }
}
