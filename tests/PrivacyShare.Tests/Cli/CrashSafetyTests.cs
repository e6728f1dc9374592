using System.Diagnostics;
using System.Text.Json.Nodes;
using PrivacyShare.Ledger;
using PrivacyShare.Tests.Support;
using Xunit.Abstractions;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// <c>kill -9</c> at random moments: a crash may waste budget, but never leaves noise that was not
/// charged, never breaks the ledger, never leaves a temporary file behind for good, and the next run
/// settles what the killed one left and chains after it.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _dir = new();
    private string _dataset = "boston-secure-communities";

    public void Dispose() => _dir.Dispose();

    private string Ledger => _dir.File("l.db");

    private string Out => _dir.File("out");

    [Fact]
    public void Release_KilledAtRandomMoments_NeverLeavesUnchargedNoise_AndTheNextReleaseChains()
    {
        const int Trials = 50;
        var input = _dir.File("in.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "200000", "--seed", "11", "--out", input).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted").ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", _dataset, "--epsilon", "100", "--ledger", Ledger).ExitCode);
        Directory.CreateDirectory(Out);
        // Epsilon 0.5 a release: 101 releases fit the largest budget (100) even if no kill lands before a charge.
        var spec = Specs.Write(_dir, j => j["privacy"]!["epsilon"] = "0.5");
        string[] Args(string name) => ["release", "--in", input, "--spec", spec, "--out", Path.Combine(Out, name), "--ledger", Ledger, "--signing-key", _dir.File("s.key"), "--quiet"];

        // One whole release in a process of its own, to spread the kills over its length.
        var clock = Stopwatch.StartNew();
        using (var first = Start(Args("base")))
        {
            first.WaitForExit();
            Assert.Equal(0, first.ExitCode);
        }

        var duration = (int)clock.ElapsedMilliseconds;
        var random = new Random(); // kill timing only
        var outcomes = new Dictionary<string, int>();
        for (var t = 0; t < Trials; t++)
        {
            var name = $"k{t:D2}";
            var before = Entries().Count;
            Kill(Args(name), name, aim: t % 2 == 1, duration, random);

            var outcome = Classify(before, name);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            AssertEveryNoisyFolderIsCharged(name);
            var verify = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
            Assert.True(verify.ExitCode == 0, $"trial {t} ({outcome}): {verify.Output}");

            // The next release settles the killed one, removes its leftovers, and chains.
            var next = Support.Cli.Run([.. Args($"n{t:D2}")]);
            Assert.True(next.ExitCode == 0, $"trial {t} ({outcome}): {next.Error}");
            Assert.Empty(Directory.GetFileSystemEntries(Out, ".*"));
            var cross = Support.Cli.Run("ledger", "verify", "--ledger", Ledger, "--release", Out);
            Assert.True(cross.ExitCode == 0, $"trial {t} ({outcome}): {cross.Output}");
        }

        var chain = Support.Cli.Run("verify-chain", "--pubkey", _dir.File("s.pub"), Out);
        Assert.True(chain.ExitCode == 0, chain.Output + chain.Error);
        var status = BudgetStatus();
        output.WriteLine($"{Trials} kills on a 200,000-row release lasting {duration} ms: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine($"published {status.Releases.Length}, spent {status.Spent}; ledger verify and verify-chain intact");

        // The test is only worth its time if kills landed inside the window it guards.
        Assert.True(outcomes.GetValueOrDefault("charged, killed before the rename") + outcomes.GetValueOrDefault("charged, killed after the rename") >= 5,
            string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    /// <summary>
    /// The same for a calendar (docs/calendar.md), whose release also replaces the calendar store: after
    /// any kill, the store the ledger's last charge names is there and the next release loads it, every
    /// noisy folder is charged, and the next release settles the killed one (a period charged and never
    /// published is measured again and charged again) and chains, leaving one store file.
    /// </summary>
    [Fact]
    public void CalendarRelease_KilledAtRandomMoments_KeepsStoreAndLedgerConsistent_AndTheNextReleaseSettles()
    {
        const int Trials = 16;
        _dataset = "boston-monthly";
        var raw = _dir.File("raw.csv");
        var input = _dir.File("in.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "150000", "--seed", "12", "--from", "2005-01", "--to", "2010-12", "--as-of", "2009-06", "--out", raw, "--quiet").ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("p.key")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("pseudonymize", "--in", raw, "--key", _dir.File("p.key"), "--out", input, "--quiet").ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "signing", "--out", _dir.File("s"), "--unencrypted").ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", _dataset, "--epsilon", "100", "--ledger", Ledger).ExitCode);
        Directory.CreateDirectory(Out);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "releases", "boston-calendar.json")))!.AsObject();
        json["calendar"] = new JsonObject { ["cadence"] = "month", ["from"] = "2005-01", ["to"] = "2010-12" };
        var spec = _dir.Write("calendar.json", json.ToJsonString());
        var months = Enumerable.Range(0, 72).Select(i => $"{2005 + i / 12}-{1 + i % 12:D2}").ToList();
        string[] Args(string name, string period) => ["release", "--in", input, "--spec", spec, "--period", period, "--out", Path.Combine(Out, name), "--ledger", Ledger, "--signing-key", _dir.File("s.key"), "--quiet"];

        // The first release measures 2005-01 to 2009-06 at once (the extract is as of 2009-06); every later
        // period reads the same extract, so it measures nothing new but still reads it, the store and the
        // earlier releases, draws its noise and replaces the store.
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Support.Cli.Run(Args("base", "2009-06")).ExitCode);
        var period = months.IndexOf("2009-07");
        using (var second = Start(Args("second", months[period++])))
        {
            second.WaitForExit();
            Assert.Equal(0, second.ExitCode);
        }

        var duration = (int)clock.ElapsedMilliseconds / 2;
        var random = new Random(); // kill timing only
        var outcomes = new Dictionary<string, int>();
        for (var t = 0; t < Trials; t++)
        {
            var name = $"k{t:D2}";
            var before = Entries().Count;
            Kill(Args(name, months[period]), name, aim: t % 2 == 1, duration, random);

            var outcome = Classify(before, name);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            AssertEveryNoisyFolderIsCharged(name);
            var verify = Support.Cli.Run("ledger", "verify", "--ledger", Ledger);
            Assert.True(verify.ExitCode == 0, $"trial {t} ({outcome}): {verify.Output}");

            // The store the ledger's last charge names is there, whatever the kill interrupted (a store
            // written for a charge that never committed may lie beside it until the next release).
            string? named;
            using (var ledger = BudgetLedger.Open(Ledger))
            {
                named = ledger.StoreOf(_dataset);
            }

            var stores = CalendarStoreFile.Folder(Ledger, _dataset);
            Assert.True(named is not null && File.Exists(Path.Combine(stores, named + ".store")), $"trial {t} ({outcome}): the store {named} the ledger names is missing");

            // The next release settles the killed one: a published period moves on; a period charged and
            // never published is released again, measured again from the store, and charged again.
            if (outcome is "finished before the kill" or "charged, killed after the rename")
            {
                period++;
            }

            var next = Support.Cli.Run(Args($"n{t:D2}", months[period]));
            Assert.True(next.ExitCode == 0, $"trial {t} ({outcome}): {next.Error}");
            period++;
            Assert.Empty(Directory.GetFileSystemEntries(Out, ".*"));
            Assert.Single(Directory.GetFiles(stores));
            var cross = Support.Cli.Run("ledger", "verify", "--ledger", Ledger, "--release", Out);
            Assert.True(cross.ExitCode == 0, $"trial {t} ({outcome}): {cross.Output}");
        }

        var chain = Support.Cli.Run("verify-chain", "--pubkey", _dir.File("s.pub"), Out);
        Assert.True(chain.ExitCode == 0, chain.Output + chain.Error);
        var status = BudgetStatus();
        output.WriteLine($"{Trials} kills on a calendar release lasting {duration} ms: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine($"published {status.Releases.Length}, charges {status.Charges}; ledger verify and verify-chain intact");

        // A period charged twice (its first release killed after the charge) is the only way a month's charge passes 1.
        var twice = outcomes.GetValueOrDefault("charged, killed before the rename");
        Assert.Equal(1 + Math.Min(1, twice), (int)Math.Round(status.Spent.ToDouble()));
        Assert.True(outcomes.GetValueOrDefault("charged, killed before the rename") + outcomes.GetValueOrDefault("charged, killed after the rename") >= 2,
            string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    [Fact]
    public void ReleasesStartedTogether_IntoOneFolder_ChargeExactlyOnce()
    {
        var input = _dir.File("in.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "20000", "--seed", "5", "--out", input).ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", _dataset, "--epsilon", "100", "--ledger", Ledger).ExitCode);
        Directory.CreateDirectory(Out);

        var processes = Enumerable.Range(0, 5).Select(_ => Start(["release", "--in", input, "--spec", Specs.ExamplePath, "--out", Path.Combine(Out, "rel"), "--ledger", Ledger, "--unsigned", "--quiet"])).ToList();
        var exits = processes.Select(p =>
        {
            p.WaitForExit();
            using (p)
            {
                return p.ExitCode;
            }
        }).ToList();

        Assert.Equal(1, exits.Count(c => c == 0));
        Assert.Equal(4, exits.Count(c => c == 3));
        Assert.Single(Entries(), e => e.Kind == "reserve");
        Assert.Equal(PrivacyShare.Privacy.Rational.One, BudgetStatus().Spent);
        Assert.Equal(["rel"], Directory.GetFileSystemEntries(Out).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("synth")]
    [InlineData("pseudonymize")]
    public void RecordLevelOutput_KilledAtRandomMoments_LeavesNoTemporaryFileForGood(string command)
    {
        const int Trials = 20;
        var input = _dir.File("in.csv");
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "200000", "--seed", "3", "--out", input).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        Directory.CreateDirectory(Out);
        string[] Args(string name) => command == "synth"
            ? ["synth", "--rows", "200000", "--seed", "4", "--out", Path.Combine(Out, name)]
            : ["pseudonymize", "--in", input, "--key", _dir.File("k.key"), "--out", Path.Combine(Out, name)];

        var clock = Stopwatch.StartNew();
        using (var first = Start(Args("base.csv")))
        {
            first.WaitForExit();
            Assert.Equal(0, first.ExitCode);
        }

        var duration = (int)clock.ElapsedMilliseconds;
        var expectedLines = File.ReadLines(Path.Combine(Out, "base.csv")).LongCount();
        var random = new Random();
        var leftBehind = 0;
        for (var t = 0; t < Trials; t++)
        {
            var name = $"k{t:D2}.csv";
            using (var process = Start(Args(name)))
            {
                Thread.Sleep(random.Next(duration));
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.WaitForExit();
            }

            // Whatever was left is hidden, readable by its owner only, and the output is whole or absent.
            foreach (var temp in Directory.GetFiles(Out, ".*"))
            {
                leftBehind++;
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp));
            }

            var killed = Path.Combine(Out, name);
            if (File.Exists(killed))
            {
                Assert.Equal(expectedLines, File.ReadLines(killed).LongCount());
            }

            var next = Support.Cli.Run(Args($"n{t:D2}.csv"));
            Assert.True(next.ExitCode == 0, next.Error);
            Assert.Empty(Directory.GetFileSystemEntries(Out, ".*"));
        }

        output.WriteLine($"{command}: {Trials} kills over {duration} ms; {leftBehind} temporary files left by a kill, each mode 0600 and removed by the next run");
    }

    // One release run as its own process and killed with SIGKILL: at a random moment within `duration`
    // ms, or, aimed, in the window between the charge and the rename (once noise is being written).
    private void Kill(string[] args, string name, bool aim, int duration, Random random)
    {
        using var process = Start(args);
        if (!aim)
        {
            Thread.Sleep(random.Next(duration));
        }
        else
        {
            while (!process.HasExited && !Directory.EnumerateDirectories(Out, $".{name}.*.tmp").Any(d => Directory.EnumerateFiles(d).Any(f => !f.EndsWith(".space", StringComparison.Ordinal))))
            {
                Thread.Sleep(1);
            }

            Thread.Sleep(random.Next(60));
        }

        if (!process.HasExited)
        {
            process.Kill(); // SIGKILL
        }

        process.WaitForExit();
    }

    private string Classify(int before, string name)
    {
        var added = Entries().Skip(before).ToList();
        var reserve = added.FirstOrDefault(e => e.Kind == "reserve");
        return reserve is null ? "killed before the charge"
            : added.Any(e => e.Kind == "publish") ? "finished before the kill"
            : Directory.Exists(Path.Combine(Out, name)) ? "charged, killed after the rename"
            : "charged, killed before the rename";
    }

    // Every folder holding anything noisy (a table, the measurements, a manifest), hidden or not, belongs
    // to a charge committed in the ledger: a manifest names its reserve entry; a staging folder without
    // one can only be the open charge of the killed release.
    private void AssertEveryNoisyFolderIsCharged(string killed)
    {
        // A kill while the manifest is written leaves it partial, in the staging folder only: that folder
        // is checked like one without a manifest (its charge must be open).
        static bool IsWhole(string manifest)
        {
            try
            {
                return JsonNode.Parse(File.ReadAllText(manifest)) is not null;
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        var entries = Entries();
        var reserves = entries.Where(e => e.Kind == "reserve").ToDictionary(e => e.Hash);
        foreach (var folder in Directory.GetDirectories(Out))
        {
            var files = Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != ".space").ToList();
            if (files.Count == 0)
            {
                continue;
            }

            var manifest = Path.Combine(folder, "datapackage.json");
            if (File.Exists(manifest) && IsWhole(manifest))
            {
                var head = JsonNode.Parse(File.ReadAllText(manifest))!["privacy"]!["ledger_head"]!["hash"]!.GetValue<string>();
                Assert.True(reserves.ContainsKey(head), $"{folder}: its manifest names no charge in the ledger");
            }
            else
            {
                Assert.StartsWith($".{killed}.", Path.GetFileName(folder), StringComparison.Ordinal);
                var open = BudgetStatus().Open;
                Assert.Contains(open, e => e.Folder == Path.Combine(Out, killed));
            }
        }
    }

    private IReadOnlyList<LedgerEntry> Entries()
    {
        using var ledger = BudgetLedger.Open(Ledger, create: true);
        return ledger.Entries();
    }

    private BudgetStatus BudgetStatus()
    {
        using var ledger = BudgetLedger.Open(Ledger, create: true);
        return ledger.Status(_dataset);
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PrivacyShare.Cli.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
