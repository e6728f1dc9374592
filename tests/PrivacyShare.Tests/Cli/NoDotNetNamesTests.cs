using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PrivacyShare.Import;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Releases;
using PrivacyShare.Synthetic;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Cli;

/// <summary>
/// Errors speak the user's language (issue #20): no message names a .NET type. Two checks. Every
/// value of every example JSON file (spec, calendar spec, policy, profile, mapping) is replaced by a
/// value of each wrong kind, and whatever the loader says names no type. And a grep over the
/// message text the library and the CLI can write (every string literal under src/ that is a
/// sentence, interpolation holes left out) finds none.
/// </summary>
public sealed partial class NoDotNetNamesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // System.Int32, PrivacyShare.Releases.ReleaseSpecJson+TablePart, List`1, Nullable`1.
    [GeneratedRegex(@"\b(?:System|PrivacyShare)\.[A-Z]|`\d|\+[A-Z]\w*Part\b")]
    private static partial Regex DotNetName();

    public static TheoryData<string> ExampleFiles() => new()
    {
        "examples/releases/boston.json",
        "examples/releases/boston-calendar.json",
        "examples/policies/default.json",
        "examples/profiles/boston-2008.json",
        "examples/mappings/canonical.json",
    };

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void AValueOfTheWrongKind_AnywhereInAJsonFile_IsExplainedWithoutATypeName(string example)
    {
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, example)))!;
        var paths = new List<string>();
        Collect(original, "", paths);
        JsonNode?[] wrong = [JsonValue.Create("x"), JsonValue.Create(7), JsonValue.Create(true), new JsonArray(), new JsonObject()];
        var errors = 0;
        var leaks = new List<string>();
        foreach (var path in paths)
        {
            foreach (var value in wrong)
            {
                var document = original.DeepClone();
                Replace(document, path, value?.DeepClone());
                var file = _dir.Write("f.json", document.ToJsonString());
                try
                {
                    Load(example, file);
                }
                catch (InputException e)
                {
                    errors++;
                    if (DotNetName().IsMatch(e.Message))
                    {
                        leaks.Add($"{path} = {value?.ToJsonString()}: {e.Message}");
                    }
                }
            }
        }

        Assert.True(errors > paths.Count, $"only {errors} of {paths.Count * wrong.Length} variants were refused: the loader is not being exercised");
        Assert.Empty(leaks);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void AFieldGivenTwice_IsNamedWithoutATypeName(string example)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, example));
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        var first = JsonNode.Parse(text)!.AsObject().First();
        var file = _dir.Write("twice.json", text.Insert(brace + 1, $"\"{first.Key}\": {first.Value!.ToJsonString()},"));

        var e = Assert.Throws<InputException>(() => Load(example, file));
        Assert.Contains("given twice", e.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch(DotNetName(), e.Message);
    }

    [Fact]
    public void NoErrorMessageTheLibraryOrTheCliWrites_NamesADotNetType()
    {
        // The lexer itself: a leak inside an interpolated message, beside a hole with nested quotes, is found.
        var probe = Literals("w.WriteLine($\"value {x.ToString(\"F6\", System.Globalization.CultureInfo.InvariantCulture)} is not a System.Int32\"); var c = '\"';");
        Assert.Contains(probe, t => DotNetName().IsMatch(t) && t.StartsWith("value  is not", StringComparison.Ordinal));

        var obj = $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}";
        var files = Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(obj, StringComparison.Ordinal));
        var messages = 0;
        var leaks = new List<string>();
        foreach (var file in files)
        {
            foreach (var text in Literals(File.ReadAllText(file)))
            {
                if (!text.Contains(' ', StringComparison.Ordinal))
                {
                    continue; // a name or a format, not a sentence
                }

                messages++;
                if (DotNetName().IsMatch(text))
                {
                    leaks.Add($"{Path.GetFileName(file)}: {text}");
                }
            }
        }

        Assert.True(messages > 300, $"only {messages} messages found: the grep is not reading the sources");
        Assert.Empty(leaks);
    }

    // The text of every string literal in C# source, interpolation holes left out (the values they
    // print are checked where they are made). A small lexer: comments, character literals, verbatim,
    // interpolated and raw strings, and strings nested inside holes.
    private static List<string> Literals(string source)
    {
        var found = new List<string>();
        var i = 0;
        while (i < source.Length)
        {
            if (source.AsSpan(i).StartsWith("//"))
            {
                i = source.IndexOf('\n', i) is var end and >= 0 ? end : source.Length;
            }
            else if (source.AsSpan(i).StartsWith("/*"))
            {
                i = source.IndexOf("*/", i + 2, StringComparison.Ordinal) + 2;
            }
            else if (source[i] == '\'')
            {
                i = SkipChar(source, i);
            }
            else if (StringStart(source, i))
            {
                found.Add(ReadString(source, ref i, found));
            }
            else
            {
                i++;
            }
        }

        return found;
    }

    private static bool StringStart(string source, int i)
    {
        var j = i;
        while (j < source.Length && source[j] is '$' or '@')
        {
            j++;
        }

        return j < source.Length && source[j] == '"' && (j == i || i == 0 || !char.IsLetterOrDigit(source[i - 1]));
    }

    private static int SkipChar(string source, int i) => source[i + 1] == '\\' ? source.IndexOf('\'', i + 3) + 1 : i + 3;

    private static string ReadString(string source, ref int i, List<string> found)
    {
        var (interpolated, verbatim) = (false, false);
        while (source[i] is '$' or '@')
        {
            interpolated |= source[i] == '$';
            verbatim |= source[i] == '@';
            i++;
        }

        var text = new System.Text.StringBuilder();
        if (source.AsSpan(i).StartsWith("\"\"\""))
        {
            var end = source.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
            text.Append(source, i + 3, end - i - 3);
            i = end + 3;
            return text.ToString();
        }

        i++;
        while (true)
        {
            var c = source[i];
            if (interpolated && c == '{' && source[i + 1] == '{')
            {
                text.Append('{');
                i += 2;
            }
            else if (interpolated && c == '}' && source[i + 1] == '}')
            {
                text.Append('}');
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                // A hole: skipped, with any strings and characters inside it.
                var depth = 1;
                i++;
                while (depth > 0)
                {
                    if (source[i] == '\'')
                    {
                        i = SkipChar(source, i);
                    }
                    else if (StringStart(source, i))
                    {
                        found.Add(ReadString(source, ref i, found));
                    }
                    else
                    {
                        depth += source[i] == '{' ? 1 : source[i] == '}' ? -1 : 0;
                        i++;
                    }
                }
            }
            else if (verbatim && c == '"' && source[i + 1] == '"')
            {
                text.Append('"');
                i += 2;
            }
            else if (c == '"')
            {
                i++;
                return text.ToString();
            }
            else if (!verbatim && c == '\\')
            {
                text.Append(source[i + 1]);
                i += 2;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
    }

    private static void Load(string example, string file)
    {
        if (example.Contains("/releases/", StringComparison.Ordinal))
        {
            _ = ReleaseSpec.Load(file);
        }
        else if (example.Contains("/policies/", StringComparison.Ordinal))
        {
            _ = PseudonymPolicy.Load(file);
        }
        else if (example.Contains("/profiles/", StringComparison.Ordinal))
        {
            _ = SyntheticProfile.Load(file);
        }
        else
        {
            _ = ImportMapping.Load(file);
        }
    }

    // Every value's path, as "a/0/b" segments.
    private static void Collect(JsonNode? node, string path, List<string> paths)
    {
        if (path.Length > 0)
        {
            paths.Add(path);
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    Collect(child, $"{path}/{name}", paths);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i], $"{path}/{i}", paths);
                }

                break;
            default:
                break;
        }
    }

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = root;
        foreach (var s in segments[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)]! : parent[s]!;
        }

        if (parent is JsonArray array)
        {
            array[int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[segments[^1]] = value;
        }
    }
}
