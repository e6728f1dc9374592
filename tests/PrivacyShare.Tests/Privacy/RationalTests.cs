using PrivacyShare.Privacy;

namespace PrivacyShare.Tests.Privacy;

public sealed class RationalTests
{
    [Theory]
    [InlineData("0.5", "1/2")]
    [InlineData("10", "10/1")]
    [InlineData("-2.25", "-9/4")]
    [InlineData("1/3", "1/3")]
    [InlineData("6/4", "3/2")]
    [InlineData(".5", "1/2")]
    [InlineData("007", "7/1")]
    public void Parse_IsExact(string text, string fraction)
    {
        var r = Rational.Parse(text);

        Assert.Equal(fraction, $"{r.Numerator}/{r.Denominator}");
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    [InlineData("1.")]
    [InlineData("1/0")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    public void Parse_RejectsWhatIsNotAnExactDecimal(string text)
    {
        Assert.False(Rational.TryParse(text, out _));
        Assert.Contains($"'{text}'", Assert.Throws<FormatException>(() => Rational.Parse(text)).Message);
    }

    [Fact]
    public void Arithmetic_IsExact()
    {
        Assert.Equal(Rational.Parse("0.3"), Rational.Parse("0.1") + Rational.Parse("0.2"));
        Assert.Equal("0.3", (Rational.Parse("0.1") + Rational.Parse("0.2")).ToString());
        Assert.Equal("1/3", (Rational.One / 3).ToString());
        Assert.Equal(Rational.One, Enumerable.Repeat(Rational.Parse("0.1"), 10).Aggregate((a, b) => a + b));
    }

    [Theory]
    [InlineData("2.5", 2)]
    [InlineData("-2.5", -3)]
    [InlineData("3", 3)]
    public void Floor_RoundsDown(string text, long floor)
    {
        Assert.Equal(floor, (long)Rational.Parse(text).Floor());
    }
}
