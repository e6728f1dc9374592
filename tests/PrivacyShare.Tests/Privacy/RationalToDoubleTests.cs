using System.Globalization;
using System.Numerics;
using PrivacyShare.Privacy;

namespace PrivacyShare.Tests.Privacy;

/// <summary>
/// Rational.ToDouble, the one conversion post-processing uses, against .NET's correctly rounded decimal
/// parser on a 30-significant-digit expansion computed here with BigInteger: within one unit in the last
/// place, from 1e-300 to 1e300 and for numerators and denominators far beyond a double's range.
/// </summary>
public sealed class RationalToDoubleTests
{
    [Fact]
    public void ToDouble_IsWithinOneUlpOfTheCorrectlyRoundedValue()
    {
        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
        {
            var n = RandomBig(random, random.Next(1, 1200)) * (random.Next(2) == 0 ? 1 : -1);
            var d = RandomBig(random, random.Next(1, 1200));
            if (n.IsZero || d.IsZero)
            {
                continue;
            }

            var r = new Rational(n, d);
            var expected = Reference(r);
            if (double.IsInfinity(expected) || Math.Abs(expected) < 1e-300)
            {
                continue;
            }

            var actual = r.ToDouble();
            Assert.True(Math.Abs(actual - expected) <= Math.Abs(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected)), $"{r}: {actual:R} vs {expected:R}");
        }

        Assert.Equal(0.5, new Rational(1, 2).ToDouble());
        Assert.Equal(-1.0 / 3, new Rational(-1, 3).ToDouble(), 15);
        Assert.Equal(0, Rational.Zero.ToDouble());
    }

    private static BigInteger RandomBig(Random random, int bits)
    {
        var bytes = new byte[bits / 8 + 1];
        random.NextBytes(bytes);
        bytes[^1] &= 0x7F;
        return new BigInteger(bytes);
    }

    // 30 significant decimal digits of |r| (truncated), parsed by .NET: far more than a double holds.
    private static double Reference(Rational r)
    {
        var n = BigInteger.Abs(r.Numerator);
        var exponent = (int)Math.Floor(BigInteger.Log10(n) - BigInteger.Log10(r.Denominator)) - 29;
        var digits = exponent >= 0 ? n / (r.Denominator * BigInteger.Pow(10, exponent)) : n * BigInteger.Pow(10, -exponent) / r.Denominator;
        var text = $"{digits.ToString(CultureInfo.InvariantCulture)}e{exponent.ToString(CultureInfo.InvariantCulture)}";
        return r.Sign * double.Parse(text, CultureInfo.InvariantCulture);
    }
}
