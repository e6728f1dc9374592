using System.Collections.Immutable;

namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// A linear query: the sum, over the stages in <see cref="Stages"/>, of every cell whose value of each
/// attribute in <see cref="Attributes"/> is one of the selected values; attributes not named are summed over.
/// A published cell selects one value of each of its table's attributes; a table total selects none.
/// </summary>
internal sealed record MarginalQuery(ImmutableArray<int> Attributes, ImmutableArray<ImmutableArray<int>> Selected, int Stages)
{
    /// <summary>The query's attributes as a bit mask.</summary>
    public int Mask => Attributes.Aggregate(0, (m, a) => m | 1 << a);

    /// <summary>The number of selected values of the model's attribute <paramref name="attribute"/>, or -1 when not selected.</summary>
    public int CountOf(int attribute) => Attributes.IndexOf(attribute) is var i and >= 0 ? Selected[i].Length : -1;

    /// <summary>The selected values of the model's attribute <paramref name="attribute"/>.</summary>
    public ImmutableArray<int> ValuesOf(int attribute) => Selected[Attributes.IndexOf(attribute)];
}
