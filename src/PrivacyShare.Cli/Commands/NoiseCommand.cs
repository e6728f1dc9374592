using System.CommandLine;
using System.Globalization;
using PrivacyShare.Privacy;

namespace PrivacyShare.Cli.Commands;

/// <summary><c>privacyshare noise</c>: samples and accuracy figures of the exact noise, for auditors.</summary>
internal static class NoiseCommand
{
    public static Command Create()
    {
        var mechanism = new Option<string>("--mechanism")
        {
            Description = "The noise distribution",
            Required = true,
            HelpName = "discrete-laplace|discrete-gaussian",
        };
        mechanism.AcceptOnlyFromAmong(DiscreteLaplace.MechanismName, DiscreteGaussian.MechanismName);
        var scale = Options.Rational("--scale", "The scale: b for discrete-laplace (P(k) ~ exp(-|k|/b)), sigma for discrete-gaussian (P(k) ~ exp(-k^2/(2 sigma^2))); exact: a decimal such as 10 or 0.5, or a fraction such as 1/3");
        scale.Required = true;
        var count = Options.PositiveLong("--count", "Print this many samples, one integer per line", defaultValue: 0, max: 100_000_000);
        var json = new Option<bool>("--json") { Description = "With --accuracy: print the figures as JSON" };
        var accuracy = new Option<bool>("--accuracy") { Description = "Print the exact half-width h with P(|X| > h) <= alpha, and the variance, instead of samples" };
        var alpha = Options.Rational("--alpha", "With --accuracy: the probability that noise exceeds the half-width (default 0.05, a 95% margin of error)");
        var delta = new Option<double>("--delta")
        {
            Description = "With --accuracy and discrete-gaussian: the delta of the (epsilon, delta)-DP guarantee reported (default 1e-6)",
            DefaultValueFactory = _ => 1e-6,
        };
        var command = new Command("noise",
            "Draw exact integer noise from the OS random generator (no seed: reproducible noise is noise an adversary can reproduce), " +
            "or print its accuracy. For auditors who test the distribution with their own tools.")
        {
            mechanism, scale, count, accuracy, alpha, delta, json,
        };
        command.Validators.Add(r =>
        {
            var wantsCount = r.GetResult(count) is { Implicit: false };
            if (wantsCount == r.GetValue(accuracy))
            {
                r.AddError("give either --count N (samples) or --accuracy (half-width and variance)");
            }

            if (!r.GetValue(accuracy) && r.GetValue(json))
            {
                r.AddError("--json goes with --accuracy (samples are printed one per line)");
            }

            if (!r.GetValue(accuracy) && r.GetResult(alpha) is { Implicit: false })
            {
                r.AddError("--alpha goes with --accuracy");
            }

            // Checked before anything is printed: a bad value found halfway left results on stdout
            // and exit 1.
            if (r.GetResult(alpha) is { Implicit: false } && r.GetValue(alpha) is var a && (a.Sign <= 0 || a >= Rational.One))
            {
                r.AddError($"--alpha must be between 0 and 1, both excluded (got {a})");
            }

            if (r.GetResult(delta) is { Implicit: false })
            {
                var d = r.GetValue(delta);
                if (!r.GetValue(accuracy) || r.GetValue(mechanism) != DiscreteGaussian.MechanismName)
                {
                    r.AddError("--delta goes with --accuracy and discrete-gaussian (discrete-laplace is pure epsilon-DP)");
                }
                else if (!(d > 0 && d < 1))
                {
                    r.AddError($"--delta must be between 0 and 1, both excluded (got {d.ToString(CultureInfo.InvariantCulture)})");
                }
            }
        });
        command.SetAction(parse => CommandAction.Run(parse, (stdout, _) =>
        {
            var noise = NoiseMechanism.Create(parse.GetValue(mechanism)!, parse.GetValue(scale));
            if (parse.GetValue(accuracy))
            {
                var a = parse.GetResult(alpha) is { Implicit: false } ? parse.GetValue(alpha) : new Rational(5, 100);
                if (parse.GetValue(json))
                {
                    WriteAccuracyJson(stdout, noise, a, parse.GetValue(delta));
                }
                else
                {
                    WriteAccuracy(stdout, noise, a, parse.GetValue(delta));
                }

                return ExitCodes.Ok;
            }

            var n = parse.GetValue(count);
            var line = new char[24];
            for (long i = 0; i < n; i++)
            {
                noise.Sample().TryFormat(line, out var written, provider: CultureInfo.InvariantCulture);
                line[written] = '\n';
                stdout.Write(line, 0, written + 1);
            }

            stdout.Flush();
            return ExitCodes.Ok;
        }));
        return command;
    }

    // Rationals as exact strings, as in datapackage.json.
    private static void WriteAccuracyJson(TextWriter w, NoiseMechanism noise, Rational alpha, double delta) => JsonOutput.Write(w, json =>
    {
        json.WriteStartObject();
        json.WriteString("mechanism", noise.Name);
        json.WriteString("scale", noise.Scale.ToString());
        json.WriteString("alpha", alpha.ToString());
        json.WriteNumber("half_width", noise.HalfWidth(alpha));
        json.WriteString("variance", noise.Variance().ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        if (noise is DiscreteLaplace)
        {
            json.WriteString("epsilon_per_unit_l1", PrivacyAccounting.LaplaceEpsilon(Rational.One, noise.Scale).ToString());
        }
        else
        {
            var rho = PrivacyAccounting.GaussianRho(Rational.One, noise.Scale);
            json.WriteString("rho_per_unit_l2", rho.ToString());
            json.WriteNumber("delta", delta);
            json.WriteNumber("epsilon_at_delta", PrivacyAccounting.ZcdpToEpsilon(rho, delta));
        }

        json.WriteEndObject();
    });

    private static void WriteAccuracy(TextWriter w, NoiseMechanism noise, Rational alpha, double delta)
    {
        var h = noise.HalfWidth(alpha);
        w.WriteLine($"mechanism: {noise.Name}");
        w.WriteLine($"scale: {noise.Scale}");
        w.WriteLine($"alpha: {alpha}");
        w.WriteLine($"half-width: {h}");
        w.WriteLine($"meaning: P(|noise| > {h}) <= {alpha}; a published count is within {h} of the true count with probability at least {Rational.One - alpha}");
        w.WriteLine($"variance: {noise.Variance().ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}");
        if (noise is DiscreteLaplace)
        {
            w.WriteLine($"epsilon per unit of L1 sensitivity: {PrivacyAccounting.LaplaceEpsilon(Rational.One, noise.Scale)}");
        }
        else
        {
            var rho = PrivacyAccounting.GaussianRho(Rational.One, noise.Scale);
            w.WriteLine($"rho (zCDP) per unit of L2 sensitivity: {rho}");
            w.WriteLine($"epsilon at delta {delta.ToString("G", CultureInfo.InvariantCulture)}: {PrivacyAccounting.ZcdpToEpsilon(rho, delta).ToString("0.######", CultureInfo.InvariantCulture)}");
        }
    }
}
