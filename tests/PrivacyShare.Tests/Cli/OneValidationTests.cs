using PrivacyShare.Records;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// One validation (issue #20): the canonical extract has one set of rules. On files with one cell
/// replaced by a hard case, pseudonymize (the default policy) and release (the example spec) give the
/// same verdict: both take the file, or both refuse it as an input error.
/// </summary>
public sealed class OneValidationTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>With <paramref name="ages"/>, the extract gives the age at arrest instead of the date of birth.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PseudonymizeAndRelease_AcceptAndRefuseTheSameFiles(bool ages)
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "40", "--seed", "21", "--out", _dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "100", "--ledger", _dir.File("l.db")).ExitCode);
        var lines = File.ReadAllLines(_dir.File("in.csv"));
        string[] values = ["", " ", "Q", "m", "WHITE", "Y", "y", "1", "4", "2009-13-01", "1850-01-01", "2031-01-01", "3/7/2009", "07/03/2009 12:00:00 AM", "77TH ST", "PL 1200501", "9", "U", "x"];
        if (ages)
        {
            lines = [.. lines.Select((line, i) => i == 0 ? line.Replace("dob", "age", StringComparison.Ordinal) : WithAge(line))];
            values = [.. values, "25-44", "<18", "65+", "121", "-3", "44-25", "0", "120"];
        }

        var random = new Random(22);
        var disagreements = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var column = random.Next(ArrestSchema.Columns.Length);
            var value = values[random.Next(values.Length)];
            var row = 1 + random.Next(lines.Length - 1);
            var cells = lines[row].Split(',');
            if (cells.Length != ArrestSchema.Columns.Length)
            {
                i--;
                continue; // a quoted comma; another row
            }

            cells[column] = value;
            var mutated = lines.ToArray();
            mutated[row] = string.Join(",", cells);
            var file = _dir.File($"f{i}.csv");
            File.WriteAllLines(file, mutated);
            var p = Support.Cli.Run("pseudonymize", "--in", file, "--key", _dir.File("k.key"), "--out", _dir.File($"f{i}-p.csv"));
            var r = Support.Cli.Run("release", "--in", file, "--spec", Specs.ExamplePath, "--out", _dir.File($"f{i}-r"), "--ledger", _dir.File("l.db"), "--unsigned");
            if ((p.ExitCode == 2) != (r.ExitCode == 2))
            {
                disagreements.Add($"{ArrestSchema.Columns[column]}='{value}': pseudonymize {p.ExitCode} ({p.Error.Split('\n')[0]}), release {r.ExitCode} ({r.Error.Split('\n')[0]})");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    // The row with its date of birth replaced by the age at arrest, computed here.
    private static string WithAge(string line)
    {
        var cells = line.Split(',');
        if (cells.Length != ArrestSchema.Columns.Length)
        {
            return line; // a quoted comma: the fuzz skips such rows
        }

        string[] formats = ["yyyy-MM-dd", "M/d/yyyy", "yyyyMMdd"];
        var at = DateOnly.ParseExact(cells[1].Trim(), formats, System.Globalization.CultureInfo.InvariantCulture);
        var born = DateOnly.ParseExact(cells[4].Trim(), formats, System.Globalization.CultureInfo.InvariantCulture);
        var age = at.Year - born.Year - (born.AddYears(at.Year - born.Year) > at ? 1 : 0);
        cells[4] = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(",", cells);
    }
}
