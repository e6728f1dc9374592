using System.Globalization;
using System.Numerics;

namespace PrivacyShare.Privacy;

/// <summary>
/// A non-negative real number known to lie in [Lo, Hi] / 2^Bits: rigorous fixed-point bounds for the
/// accuracy figures (exp is transcendental, so those are computed to a precision that decides every
/// comparison, never guessed in floating point). Not on the sampling path.
/// </summary>
internal readonly record struct Interval(BigInteger Lo, BigInteger Hi, int Bits)
{
    public static Interval operator *(Interval a, Interval b) =>
        new(a.Lo * b.Lo >> a.Bits, ((a.Hi * b.Hi) >> a.Bits) + 1, a.Bits);

    public static Interval operator +(Interval a, Interval b) => new(a.Lo + b.Lo, a.Hi + b.Hi, a.Bits);

    /// <summary>a - b, bounded below by 0.</summary>
    public static Interval operator -(Interval a, Interval b) => new(BigInteger.Max(a.Lo - b.Hi, 0), BigInteger.Max(a.Hi - b.Lo, 0), a.Bits);

    public Interval Divide(Interval d) =>
        new((Lo << Bits) / BigInteger.Max(d.Hi, 1), d.Lo.IsZero ? BigInteger.One << (2 * Bits) : ((Hi << Bits) / d.Lo) + 1, Bits);

    public Interval Scale(BigInteger factor) => new(Lo * factor, Hi * factor, Bits);

    /// <summary>True when every value in the interval is at most <paramref name="r"/>.</summary>
    public bool SurelyAtMost(Rational r) => Hi * r.Denominator <= r.Numerator << Bits;

    /// <summary>True when every value in the interval is above <paramref name="r"/>.</summary>
    public bool SurelyAbove(Rational r) => Lo * r.Denominator > r.Numerator << Bits;

    /// <summary>The midpoint rounded to <paramref name="places"/> decimals (display only).</summary>
    public string ToDecimal(int places)
    {
        var scaled = ((Lo + Hi) * BigInteger.Pow(10, places) + (BigInteger.One << Bits)) >> (Bits + 1);
        var digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
        return places == 0 ? digits : $"{digits[..^places]}.{digits[^places..]}";
    }

    /// <summary>The midpoint as the nearest double (for results that callers compute with, not for decisions).</summary>
    public double ToDouble() => new Rational(Lo + Hi, BigInteger.One << (Bits + 1)).ToDouble();

    /// <summary>exp(-x) for rational x &gt;= 0, with rigorous bounds at <paramref name="bits"/> bits.</summary>
    public static Interval ExpNeg(Rational x, int bits)
    {
        var whole = x.Floor();
        var fraction = x - new Rational(whole, 1);
        var guard = bits + 32 + (int)whole.GetBitLength() * 2;
        var result = Taylor(fraction, guard);
        if (!whole.IsZero)
        {
            result *= Power(Taylor(Rational.One, guard), whole);
        }

        return new Interval(result.Lo >> (guard - bits), (result.Hi >> (guard - bits)) + 1, bits);
    }

    // exp(-f) for f in [0, 1] by its alternating Taylor series: each floored term is off by less than
    // 2 units, and the truncation error is below the first omitted term (below 1 unit).
    private static Interval Taylor(Rational f, int bits)
    {
        var one = BigInteger.One << bits;
        var term = one;
        var sum = one;
        var i = 0;
        while (!term.IsZero)
        {
            i++;
            term = term * f.Numerator / (f.Denominator * i);
            sum += i % 2 == 1 ? -term : term;
        }

        var error = 2 * i + 2;
        return new Interval(BigInteger.Max(sum - error, 0), sum + error, bits);
    }

    private static Interval Power(Interval x, BigInteger n)
    {
        var result = new Interval(BigInteger.One << x.Bits, BigInteger.One << x.Bits, x.Bits);
        while (!n.IsZero)
        {
            if (!n.IsEven)
            {
                result *= x;
            }

            x *= x;
            n >>= 1;
        }

        return result;
    }
}
