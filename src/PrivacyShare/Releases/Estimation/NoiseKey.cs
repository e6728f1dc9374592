namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// The key of a remembered noise half-width: the terms, in the order the caller gives (callers that
/// want one key per set of terms sort them first), and the error level. Two keys are equal when every
/// number is bit for bit the same, exactly when their round-trip ("R") texts were, which these caches
/// used as keys before: formatting those doubles cost a verification more time than its arithmetic.
/// </summary>
internal sealed class NoiseKey : IEquatable<NoiseKey>
{
    private readonly NoiseTerm[] _terms;
    private readonly double _alpha;
    private readonly int _hash;

    /// <summary>A key for <paramref name="terms"/> (copied) at <paramref name="alpha"/>.</summary>
    public NoiseKey(ReadOnlySpan<NoiseTerm> terms, double alpha)
    {
        _terms = terms.ToArray();
        _alpha = alpha;
        var hash = new HashCode();
        hash.Add(BitConverter.DoubleToInt64Bits(alpha));
        foreach (var t in _terms)
        {
            hash.Add(BitConverter.DoubleToInt64Bits(t.Lambda));
            hash.Add(t.Count);
            hash.Add(BitConverter.DoubleToInt64Bits(t.Scale));
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>Orders terms by scale, then weight, then count, as the bits of each compare: a canonical order for a set.</summary>
    public static int Compare(NoiseTerm a, NoiseTerm b)
    {
        var c = BitConverter.DoubleToInt64Bits(a.Scale).CompareTo(BitConverter.DoubleToInt64Bits(b.Scale));
        c = c != 0 ? c : BitConverter.DoubleToInt64Bits(a.Lambda).CompareTo(BitConverter.DoubleToInt64Bits(b.Lambda));
        return c != 0 ? c : a.Count.CompareTo(b.Count);
    }

    /// <inheritdoc/>
    public bool Equals(NoiseKey? other)
    {
        if (other is null || other._hash != _hash || other._terms.Length != _terms.Length || !Same(other._alpha, _alpha))
        {
            return false;
        }

        for (var i = 0; i < _terms.Length; i++)
        {
            var (a, b) = (_terms[i], other._terms[i]);
            if (!Same(a.Lambda, b.Lambda) || a.Count != b.Count || !Same(a.Scale, b.Scale))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NoiseKey);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    private static bool Same(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
}
