namespace PrivacyShare.Synthetic;

/// <summary>
/// The generator's source of randomness: a seeded <see cref="Random"/> (the .NET seeded algorithm,
/// stable across platforms and versions), with the inclusive-range helpers Bogus' Randomizer offers,
/// minus its per-call global lock. Never used for privacy noise: that comes from the OS CSPRNG.
/// </summary>
internal sealed class SeededDraws(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Number(int min, int max) => _random.Next(min, max + 1);

    /// <summary>A number in [0, 1).</summary>
    public double Double() => _random.NextDouble();

    /// <summary>A fair coin.</summary>
    public bool Bool() => _random.Next(2) == 0;

    /// <summary>One element of <paramref name="array"/>, uniformly.</summary>
    public T ArrayElement<T>(T[] array) => array[_random.Next(array.Length)];
}
