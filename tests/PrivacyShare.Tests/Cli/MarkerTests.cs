using PrivacyShare.Records;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// No record's text reaches a message whole (../shared/repro/06: a birth date typed with a name was
/// echoed in full). A marker, as long as a name and birth date typed into the wrong field, is sent
/// through every column of the extract and every command that reads it, and through every cell kind of
/// a published release for the commands that read releases; whatever the command prints, the marker is
/// cut to the quoting rule's first characters.
/// </summary>
public sealed class MarkerTests : IDisposable
{
    private const string Marker = "JOHNSMITH-1985-05-28-FBI12345678A";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AMarkerInAnyColumn_IsNeverPrintedWhole_ByAnyCommandThatReadsIt()
    {
        CliRelease.Make(_dir, rows: 300, budget: "100");
        var lines = File.ReadAllLines(_dir.File("in.csv"));
        var leaks = new List<string>();
        var runs = 0;
        void Check(string what, CliRun run)
        {
            runs++;
            if ((run.Output + run.Error).Contains(Marker, StringComparison.Ordinal))
            {
                leaks.Add($"{what} (exit {run.ExitCode})");
            }
        }

        foreach (var column in ArrestSchema.Columns)
        {
            var i = ArrestSchema.Columns.IndexOf(column);
            var fields = lines[5].Split(',');
            fields[i] = Marker;
            var edited = lines.ToArray();
            edited[5] = string.Join(",", fields);
            var input = _dir.File($"{column}.csv");
            File.WriteAllLines(input, edited);

            Check($"pseudonymize {column}", Support.Cli.Run("pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", _dir.File($"{column}-p.csv")));
            Check($"release {column}", Support.Cli.Run("release", "--in", input, "--spec", Specs.ExamplePath, "--out", _dir.File($"{column}-r"), "--ledger", _dir.File("l.db"), "--unsigned", "--quiet"));
            Check($"score {column}", Support.Cli.Run("score", _dir.File("rel"), "--truth", input));
        }

        // The commands that read a release: a marker in each CSV's first data cell.
        foreach (var csv in Directory.GetFiles(_dir.File("rel"), "*.csv"))
        {
            var copy = _dir.File($"rel-{Path.GetFileNameWithoutExtension(csv)}");
            Directory.CreateDirectory(copy);
            foreach (var f in Directory.GetFiles(_dir.File("rel")))
            {
                File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            }

            var rows = File.ReadAllLines(csv);
            var cells = rows[1].Split(',');
            cells[0] = Marker;
            rows[1] = string.Join(",", cells);
            File.WriteAllLines(Path.Combine(copy, Path.GetFileName(csv)), rows);
            Check($"verify {Path.GetFileName(csv)}", Support.Cli.Run("verify", copy));
            Check($"query {Path.GetFileName(csv)}", Support.Cli.Run("query", copy, "--measure", "arrests"));
            Check($"verify-chain {Path.GetFileName(csv)}", Support.Cli.Run("verify-chain", copy));
        }

        Assert.True(runs > 50, $"only {runs} runs");
        Assert.True(leaks.Count == 0, "printed the whole marker: " + string.Join("; ", leaks));
    }
}
