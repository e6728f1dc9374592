using PrivacyShare.Pseudonymization;
using PrivacyShare.Releases;
using PrivacyShare.Releases.Counting;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Records;

/// <summary>
/// Pseudonymize and release read a record's fields through one component: the same bad cell is the
/// same located error in both, worded once, and never echoes a long value whole. (They disagreed: a
/// birth after the arrest was clamped to age 0 by release and refused by pseudonymize; an invalid ZIP
/// code was cut to three characters by release and refused by pseudonymize.)
/// </summary>
public sealed class ArrestFieldsTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly PseudonymKey _key;

    public ArrestFieldsTests()
    {
        _key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("dob", "2009-01-01", "is after arrest_date: the person would not be born yet")]
    [InlineData("home_zip", "02A19", "'02A19' is not a ZIP code")]
    [InlineData("home_zip", "JOHN KIRLIN 1993", "'JOHN KIR... (16 characters)' is not a ZIP code")]
    [InlineData("dob", "13/45/1990", "'13/45/19... (10 characters)' is not a date")]
    [InlineData("arrest_date", "later", "'later' is not a date")]
    [InlineData("removed", "perhaps", "'perhaps' is not a valid flag code; expected one of Y, N")]
    public void TheSameBadCell_IsTheSameErrorInPseudonymizeAndRelease(string column, string value, string problem)
    {
        var input = _dir.Write("in.csv", Extracts.Csv(Extracts.GoodRow, Extracts.SecondRow, Extracts.RowWith(column, value)));
        var spec = ReleaseSpec.Parse("""
            {
              "dataset": "d", "title": "t", "publisher": "p",
              "period": { "from": "2008-10", "to": "2010-06" },
              "privacy": { "mechanism": "discrete-laplace", "max_records_per_person": 2, "epsilon": 1 },
              "domains": { "zip3": ["021", "022"] },
              "tables": [ { "name": "by_age_and_zip", "dimensions": ["age_band", "zip3"], "measures": ["arrests", "removals"] } ]
            }
            """);

        var pseudonymize = Assert.Throws<InputException>(() =>
            Pseudonymizer.Run(new PseudonymizeOptions { InputPath = input, OutputPath = _dir.File("out.csv"), Key = _key }));
        var release = Assert.Throws<InputException>(() => ReleaseCounter.Count(spec.Design, input));

        Assert.Equal((4L, column), (pseudonymize.Line!.Value, pseudonymize.Column));
        Assert.Equal((pseudonymize.Line, pseudonymize.Column, pseudonymize.Problem), (release.Line, release.Column, release.Problem));
        Assert.StartsWith(problem, pseudonymize.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("KIRLIN", release.Message, StringComparison.Ordinal);
    }
}
