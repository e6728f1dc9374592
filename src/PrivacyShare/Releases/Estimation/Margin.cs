using System.Collections.Immutable;
using System.Numerics;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// A table's cells, or a margin two tables share: counts over the attributes in <see cref="Mask"/>
/// and the stage blocks in <see cref="Blocks"/> (disjoint stage masks, in stage order).
/// </summary>
internal sealed record Margin(int Mask, ImmutableArray<int> Blocks)
{
    /// <summary>The stages the blocks cover.</summary>
    public int Coverage => Blocks.Aggregate(0, (m, b) => m | b);

    /// <summary>
    /// The finest margin both <paramref name="a"/> and <paramref name="b"/> determine, or null: the shared
    /// attributes, and the stage sets that are unions of blocks of both.
    /// </summary>
    public static Margin? Meet(Margin a, Margin b)
    {
        var parent = new[] { 0, 1, 2, 3 };
        int Find(int s) => parent[s] == s ? s : parent[s] = Find(parent[s]);
        foreach (var block in a.Blocks.Concat(b.Blocks))
        {
            var first = BitOperations.TrailingZeroCount(block);
            for (var s = first + 1; s < 4; s++)
            {
                if ((block >> s & 1) == 1)
                {
                    parent[Find(s)] = Find(first);
                }
            }
        }

        var both = a.Coverage & b.Coverage;
        var blocks = Enumerable.Range(0, 4).GroupBy(Find).Select(g => g.Aggregate(0, (m, s) => m | 1 << s))
            .Where(c => (c & ~both) == 0).OrderBy(BitOperations.TrailingZeroCount).ToImmutableArray();
        return blocks.IsEmpty ? null : new Margin(a.Mask & b.Mask, blocks);
    }

    /// <summary>Whether this margin is determined by <paramref name="finer"/>: fewer attributes, and blocks that are unions of its blocks.</summary>
    public bool IsCoarserOrEqual(Margin finer) =>
        (Mask & ~finer.Mask) == 0 && Blocks.All(b => (b & ~finer.Coverage) == 0 && finer.Blocks.All(f => (f & b) == 0 || (f & ~b) == 0));

    /// <inheritdoc/>
    public bool Equals(Margin? other) => other is not null && Mask == other.Mask && Blocks.SequenceEqual(other.Blocks);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mask, Blocks.Aggregate(0, (h, b) => h * 17 + b));
}
