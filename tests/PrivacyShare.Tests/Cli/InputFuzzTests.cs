using System.Text;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// Mutated inputs through the real commands: an extract through pseudonymize and release, a release
/// spec through plan and release, a policy through pseudonymize. Whatever the bytes, the answer is
/// success, a located input error (2) or a refusal (3): never 70, the code for a bug.
/// </summary>
public sealed class InputFuzzTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly int[] Allowed = [0, 2, 3];

    [Fact]
    public void MutatedExtractsSpecsAndPolicies_NeverCrashACommand()
    {
        Assert.Equal(0, Support.Cli.Run("synth", "--rows", "60", "--seed", "9", "--out", _dir.File("in.csv")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("keygen", "pseudonym", "--out", _dir.File("k.key")).ExitCode);
        Assert.Equal(0, Support.Cli.Run("budget", "set", "--dataset", "boston-secure-communities", "--epsilon", "100", "--ledger", _dir.File("l.db")).ExitCode);
        var extract = File.ReadAllBytes(_dir.File("in.csv"));
        var spec = File.ReadAllBytes(Specs.ExamplePath);
        var policy = File.ReadAllBytes(Path.Combine(RepoRoot.Path, "examples", "policies", "default.json"));
        var random = new Random(20261202);
        var crashes = new List<string>();
        var runs = 0;

        void Check(string what, CliRun run)
        {
            runs++;
            if (!Allowed.Contains(run.ExitCode))
            {
                crashes.Add($"{what}: exit {run.ExitCode}: {run.Error.Split('\n')[0]}");
            }
        }

        for (var i = 0; i < 1200; i++)
        {
            var n = i % 3;
            var name = $"m{i}";
            if (n == 0)
            {
                File.WriteAllBytes(_dir.File(name + ".csv"), Mutate(extract, random));
                Check($"pseudonymize #{i}", Support.Cli.Run("pseudonymize", "--in", _dir.File(name + ".csv"), "--key", _dir.File("k.key"), "--out", _dir.File(name + "-p.csv")));
                if (i % 12 == 0)
                {
                    Check($"release #{i}", Support.Cli.Run("release", "--in", _dir.File(name + ".csv"), "--spec", Specs.ExamplePath, "--out", _dir.File(name + "-r"), "--ledger", _dir.File("l.db"), "--unsigned"));
                }
            }
            else if (n == 1)
            {
                File.WriteAllBytes(_dir.File(name + ".json"), Mutate(spec, random));
                Check($"plan #{i}", Support.Cli.Run("plan", "--spec", _dir.File(name + ".json")));
            }
            else
            {
                File.WriteAllBytes(_dir.File(name + ".json"), Mutate(policy, random));
                Check($"policy #{i}", Support.Cli.Run("pseudonymize", "--in", _dir.File("in.csv"), "--key", _dir.File("k.key"), "--policy", _dir.File(name + ".json"), "--out", _dir.File(name + "-p.csv")));
            }
        }

        Assert.True(crashes.Count == 0, $"{crashes.Count} of {runs} runs ended as a bug:\n{string.Join("\n", crashes.Take(10))}");
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            var at = random.Next(list.Count);
            switch (random.Next(5))
            {
                case 0:
                    list[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    list.RemoveRange(at, Math.Min(random.Next(1, 20), list.Count - at));
                    break;
                case 2:
                    list.InsertRange(at, Enumerable.Range(0, random.Next(1, 6)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    string[] tokens = [",", "\"", "\n", "\r\n", "\0", "-", "0", "99999999999999999999", "1e9", "null", "{", "}", "[", "]", ":", "\"epsilon\": -1,", "\uFEFF", "é"];
                    list.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]));
                    break;
                default:
                    var from = random.Next(list.Count);
                    list.InsertRange(at, list.Skip(from).Take(random.Next(1, 40)).ToArray());
                    break;
            }
        }

        return [.. list];
    }
}
