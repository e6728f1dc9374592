namespace PrivacyShare.Synthetic;

/// <summary>
/// Picks one of a fixed set of values with given relative weights. Cumulative sums and a binary
/// search: a few nanoseconds a draw, no allocation. (Floating point is fine here: this is synthetic
/// data, not privacy noise.)
/// </summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public WeightedTable(IReadOnlyList<(T Value, double Weight)> entries)
    {
        _values = new T[entries.Count];
        _cumulative = new double[entries.Count];
        var sum = 0.0;
        for (var i = 0; i < entries.Count; i++)
        {
            sum += entries[i].Weight;
            _values[i] = entries[i].Value;
            _cumulative[i] = sum;
        }

        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }

        _cumulative[^1] = 1.0;
    }

    public IReadOnlyList<T> Values => _values;

    /// <summary>The probability of the value at <paramref name="index"/>.</summary>
    public double Probability(int index) => _cumulative[index] - (index == 0 ? 0 : _cumulative[index - 1]);

    public T Sample(SeededDraws random)
    {
        // The first index whose cumulative share exceeds u: binary search without the generic
        // comparer Array.BinarySearch goes through.
        var u = random.Double();
        int lo = 0, hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] > u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return _values[lo];
    }
}
