using System.Globalization;
using System.Numerics;
using PrivacyShare.Internals;

namespace PrivacyShare.Privacy;

/// <summary>
/// An exact rational number, numerator over a positive denominator, always in lowest terms. Privacy
/// parameters (epsilon, scales, rho) are rationals so that no rounding ever enters the noise or the
/// budget: <c>0.1 + 0.2</c> is exactly <c>3/10</c>.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    private readonly BigInteger _denominator; // 0 only in default(Rational), read as 1

    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/>, reduced.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="denominator"/> is zero.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw Throw.ZeroDenominator();
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        _denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    /// <summary>The numerator; its sign is the number's sign.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator, at least 1.</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    /// <summary>Zero.</summary>
    public static Rational Zero => new(0, 1);

    /// <summary>One.</summary>
    public static Rational One => new(1, 1);

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>
    /// Parses a plain decimal (<c>10</c>, <c>0.5</c>, <c>-2.25</c>) or a fraction (<c>1/3</c>) exactly.
    /// Exponents, <c>NaN</c> and infinities are not numbers here.
    /// </summary>
    public static bool TryParse(string? text, out Rational value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return false;
        }

        text = text.Trim();
        var slash = text.IndexOf('/');
        if (slash > 0)
        {
            if (BigInteger.TryParse(text.AsSpan(0, slash), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && BigInteger.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && !d.IsZero)
            {
                value = new Rational(n, d);
                return true;
            }

            return false;
        }

        var negative = text.StartsWith('-');
        var body = text.AsSpan(negative || text.StartsWith('+') ? 1 : 0);
        var dot = body.IndexOf('.');
        var whole = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : body[(dot + 1)..];
        if (whole.Length + fraction.Length == 0 || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9')
            || (dot >= 0 && fraction.IsEmpty))
        {
            return false;
        }

        var digits = BigInteger.Parse(string.Concat(whole, fraction).TrimStart('0') is { Length: > 0 } s ? s : "0", CultureInfo.InvariantCulture);
        value = new Rational(negative ? -digits : digits, BigInteger.Pow(10, fraction.Length));
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> or throws a <see cref="FormatException"/> naming the text.</summary>
    public static Rational Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw Throw.NotAnExactNumber(text, "an exact decimal number; write it like 0.5, 10 or 1/3");

    /// <summary>
    /// The value as a double, within one unit in the last place (for post-processing of published
    /// values, never for a privacy decision): the quotient of the numerator and denominator to 62
    /// significant bits, then scaled, so neither part overflows a double on its own.
    /// </summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }

        var n = BigInteger.Abs(Numerator);
        var shift = (int)(n.GetBitLength() - Denominator.GetBitLength()) - 62;
        var q = shift >= 0 ? n / (Denominator << shift) : (n << -shift) / Denominator;
        return Numerator.Sign * Math.ScaleB((double)q, shift);
    }

    /// <summary>The largest integer not above this number.</summary>
    public BigInteger Floor() => BigInteger.DivRem(Numerator, Denominator, out var r) - (r.Sign < 0 ? 1 : 0);

    /// <summary>The absolute value.</summary>
    public Rational Abs() => new(BigInteger.Abs(Numerator), Denominator);

#pragma warning disable CS1591 // The arithmetic operators are self-describing.
    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static implicit operator Rational(long value) => new(value, 1);

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;
#pragma warning restore CS1591

    /// <inheritdoc/>
    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <inheritdoc/>
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>
    /// The exact decimal form when the denominator has only the factors 2 and 5 (every parsed decimal),
    /// else the fraction <c>n/d</c>. Never rounded.
    /// </summary>
    public override string ToString()
    {
        var d = Denominator;
        var twos = 0;
        var fives = 0;
        while (d % 2 == 0)
        {
            d /= 2;
            twos++;
        }

        while (d % 5 == 0)
        {
            d /= 5;
            fives++;
        }

        if (!d.IsOne)
        {
            return $"{Numerator}/{Denominator}";
        }

        var places = Math.Max(twos, fives);
        var scaled = BigInteger.Abs(Numerator) * BigInteger.Pow(10, places) / Denominator;
        var digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
        var text = places == 0 ? digits : $"{digits[..^places]}.{digits[^places..]}";
        return Numerator.Sign < 0 ? "-" + text : text;
    }
}
