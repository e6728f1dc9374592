using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using PrivacyShare.Releases.Design;
using PrivacyShare.Releases.Querying;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare query</c>: sums of a release's cells with honest intervals, from the folder alone.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "The release folder" };
        var measure = new Option<string>("--measure") { Description = "What to count: arrests, ident_matches, detainers or removals", Required = true, HelpName = "MEASURE" };
        var by = new Option<string?>("--by") { Description = "Break the answer down by these dimensions, comma-separated (one row per declared value); without it, one total", HelpName = "D1,D2" };
        var where = new Option<string[]>("--where")
        {
            Description = "Keep only records with this value (repeat the option; several values of one dimension are added)",
            HelpName = "D=V",
            AllowMultipleArgumentsPerToken = false,
        };
        where.Validators.Add(r =>
        {
            foreach (var w in r.GetValueOrDefault<string[]>() ?? [])
            {
                var eq = w.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == w.Length - 1)
                {
                    r.AddError($"--where '{w}' must be DIMENSION=VALUE, for example --where district=B2");
                }
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON: measure, by, confidence and rows of estimate, lower and upper" };
        var command = new Command("query",
            "Answer a question from a published release: the consistent estimate of a count, by dimensions and with filters, and its 95% interval " +
            "from the full covariance of the least-squares estimate (not from adding cells' intervals). Post-processing: spends nothing, needs no ledger or key. " +
            "Check the release with 'privacyshare verify' first.")
        {
            directory, measure, by, where, json,
        };
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            var filters = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            foreach (var w in parse.GetValue(where) ?? [])
            {
                var eq = w.IndexOf('=', StringComparison.Ordinal); // checked by the option's validator
                var (name, value) = (w[..eq], w[(eq + 1)..]);
                filters[name] = filters.TryGetValue(name, out var values) ? values.Add(value) : [value];
            }

            var dims = parse.GetValue(by) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray() : [];
            var release = PublishedRelease.Load(parse.GetValue(directory)!);
            if (!Measures.TryParse(parse.GetValue(measure)!, out var counted))
            {
                throw new InvalidOperationException("--measure's validator accepts measure names only");
            }

            var answer = release.Answer(new ReleaseQuery(counted, dims, filters.ToImmutable()));
            if (parse.GetValue(json))
            {
                WriteJson(stdout, answer);
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"{answer.Query} ({release.Dataset} version {release.Version}; estimate, 95% interval from noise for the records counted, and 95% interval for the true count with the records the bounds left out{(answer.Source is null ? "" : $"; estimates add up {answer.Source}.csv")})");
            var byCount = answer.Query.By.Length;
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            TextTable.Write(stdout, [.. answer.Query.By, "estimate", "from noise", "with left-out records"],
                [.. answer.Rows.Select(r => r.Values.Concat([r.Estimate.ToString("N0", invariant), string.Create(invariant, $"{r.NoiseLower:N0} to {r.NoiseUpper:N0}"), string.Create(invariant, $"{r.Lower:N0} to {r.Upper:N0}")]).ToArray())],
                rightAligned: [byCount, byCount + 1, byCount + 2]);

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteJson(TextWriter stdout, QueryAnswer answer)
    {
        JsonOutput.Write(stdout, json =>
        {
            json.WriteStartObject();
            json.WriteString("measure", Measures.Name(answer.Query.Measure));
            json.WriteStartArray("by");
            answer.Query.By.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            if (!answer.Query.Where.IsEmpty)
            {
                json.WriteStartObject("where");
                foreach (var (name, values) in answer.Query.Where)
                {
                    json.WriteStartArray(name);
                    values.ToList().ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteNumber("confidence", answer.Confidence);
            json.WriteStartArray("rows");
            foreach (var row in answer.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < row.Values.Length; i++)
                {
                    json.WriteString(answer.Query.By[i], row.Values[i]);
                }

                json.WriteNumber("estimate", row.Estimate);
                json.WriteNumber("lower", row.Lower);
                json.WriteNumber("upper", row.Upper);
                json.WriteNumber("noise_lower", row.NoiseLower);
                json.WriteNumber("noise_upper", row.NoiseUpper);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
