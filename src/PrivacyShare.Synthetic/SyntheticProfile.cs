using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Internals.IO;
using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// The rates and distributions a synthetic arrest extract is drawn from: period, districts, IDENT
/// match, offense-level, detainer and removal rates, demographics, repeat arrests and clerk typing
/// habits. Loaded from a documented JSON file (see <c>docs/profiles.md</c>); <c>boston-2008</c> is
/// built in and shipped in <c>examples/profiles/</c> for users to copy.
/// </summary>
public sealed class SyntheticProfile
{
    /// <summary>The name of the built-in default profile.</summary>
    public const string DefaultName = "boston-2008";

    private SyntheticProfile()
    {
    }

    /// <summary>The profile's name.</summary>
    public string Name { get; private init; } = "";

    /// <summary>What the profile models and where its rates come from.</summary>
    public string Description { get; private init; } = "";

    /// <summary>The first month arrests fall in.</summary>
    public ArrestMonth From { get; private init; }

    /// <summary>The last month arrests fall in.</summary>
    public ArrestMonth To { get; private init; }

    /// <summary>The names of the built-in profiles.</summary>
    public static ImmutableArray<string> BuiltInNames { get; } = [DefaultName];

    internal WeightedTable<string> Districts { get; private init; } = null!;
    internal WeightedTable<string> HomeZips { get; private init; } = null!;
    internal double IdentMatchRate { get; private init; }
    internal WeightedTable<OffenseLevel> LevelsMatch { get; private init; } = null!;
    internal WeightedTable<OffenseLevel> LevelsNonMatch { get; private init; } = null!;
    internal double DetainerRate { get; private init; }
    /// <summary>Removal rate among detained arrests by offense level (index 1 to 3; index 0 unused).</summary>
    internal double[] RemovalRates { get; private init; } = null!;
    internal WeightedTable<Sex> Sexes { get; private init; } = null!;
    internal WeightedTable<(int From, int To)> Ages { get; private init; } = null!;
    internal WeightedTable<Race> RaceMatch { get; private init; } = null!;
    internal WeightedTable<Race> RaceNonMatch { get; private init; } = null!;
    internal WeightedTable<Ethnicity> EthnicityMatch { get; private init; } = null!;
    internal WeightedTable<Ethnicity> EthnicityNonMatch { get; private init; } = null!;
    internal WeightedTable<string> CountryMatch { get; private init; } = null!;
    internal WeightedTable<string> CountryNonMatch { get; private init; } = null!;
    internal ImmutableDictionary<Ethnicity, string> NameLocales { get; private init; } = null!;
    internal WeightedTable<int> ArrestsPerPerson { get; private init; } = null!;
    internal double FbiMissingRate { get; private init; }
    internal double NameCaseRate { get; private init; }
    internal double NameSpacingRate { get; private init; }
    internal double DateFormatRate { get; private init; }
    internal double FbiBookingMissingRate { get; private init; }
    internal double FbiFormatRate { get; private init; }
    internal double NameVariantRate { get; private init; }
    /// <summary>Months from an arrest to its detainer being recorded (0: the same month).</summary>
    internal WeightedTable<int> DetainerLags { get; private init; } = null!;

    /// <summary>Months from an arrest to its removal being recorded; never before its detainer's.</summary>
    internal WeightedTable<int> RemovalLags { get; private init; } = null!;

    /// <summary>Charges by offense level (index 1 to 3; index 0 unused), for a lookup without hashing.</summary>
    internal WeightedTable<(string Code, string Description)>[] Charges { get; private init; } = null!;

    /// <summary>The built-in <c>boston-2008</c> profile.</summary>
    public static SyntheticProfile Default => BuiltIn(DefaultName);

    /// <summary>A built-in profile by name.</summary>
    /// <exception cref="ArgumentException">No built-in profile has that name.</exception>
    public static SyntheticProfile BuiltIn(string name)
    {
        var resource = $"PrivacyShare.Synthetic.Profiles.{name}.json";
        using var stream = typeof(SyntheticProfile).Assembly.GetManifestResourceStream(resource)
            ?? throw Throw.UnknownProfile(name, string.Join(", ", BuiltInNames));
        return new ProfileValidator($"(built-in {name})").Compile(JsonFiles.Read(stream, SyntheticJsonContext.Default.ProfileJson, $"(built-in {name})", "profile"));
    }

    /// <summary>
    /// A built-in profile when <paramref name="nameOrPath"/> is one's name, else the profile file at
    /// that path.
    /// </summary>
    /// <exception cref="InputException">The file is missing or invalid.</exception>
    public static SyntheticProfile Resolve(string nameOrPath) =>
        BuiltInNames.Contains(nameOrPath, StringComparer.Ordinal) ? BuiltIn(nameOrPath) : Load(nameOrPath);

    /// <summary>Loads and validates a profile file.</summary>
    /// <exception cref="InputException">The file is missing, not JSON, or a value is out of range.</exception>
    public static SyntheticProfile Load(string path) =>
        new ProfileValidator(path).Compile(JsonFiles.Read(
            path, SyntheticJsonContext.Default.ProfileJson, "profile file", $"built-in profiles: {string.Join(", ", BuiltInNames)}"));

    /// <summary>Checks a parsed file and builds the sampling tables; errors name the JSON field.</summary>
    private sealed class ProfileValidator(string source)
    {
        public SyntheticProfile Compile(ProfileJson j)
        {
            var period = Required(j.Period, "period");
            var from = Month(period.From, "period.from");
            var to = Month(period.To, "period.to");
            if (to < from)
            {
                throw Error("period", $"ends ({to}) before it starts ({from})");
            }

            var chargeParts = Required(j.Charges, "charges");
            var charges = new Dictionary<OffenseLevel, List<((string, string), double)>>();
            for (var i = 0; i < chargeParts.Count; i++)
            {
                var c = chargeParts[i];
                var field = $"charges[{i}]";
                if (c.Level is < 1 or > 3)
                {
                    throw Error(field + ".level", $"is {c.Level}; an offense level is 1, 2 or 3");
                }

                Weight(c.Weight, field + ".weight");
                var level = (OffenseLevel)c.Level;
                if (!charges.TryGetValue(level, out var list))
                {
                    charges[level] = list = [];
                }

                list.Add(((Required(c.Code, field + ".code"), c.Description ?? ""), c.Weight));
            }

            foreach (var level in Enum.GetValues<OffenseLevel>())
            {
                if (!charges.TryGetValue(level, out var list) || list.Sum(c => c.Item2) <= 0)
                {
                    throw Error("charges", $"has no charge of offense level {(int)level} with a weight above 0; give at least one per level");
                }
            }

            var variation = j.ClerkVariation ?? new ProfileJson.ClerkVariationPart();
            var ages = Required(j.AgeAtPeriodStart, "age_at_period_start");
            for (var i = 0; i < ages.Count; i++)
            {
                if (ages[i].From < 0 || ages[i].To < ages[i].From || ages[i].To > 110)
                {
                    throw Error($"age_at_period_start[{i}]", $"is {ages[i].From} to {ages[i].To}; ages run from 0 to 110 and 'to' is not below 'from'");
                }

                Weight(ages[i].Weight, $"age_at_period_start[{i}].weight");
            }

            if (ages.Sum(a => a.Weight) <= 0)
            {
                throw Error("age_at_period_start", "has no age range with a weight above 0; give at least one");
            }

            var levels = Required(j.OffenseLevels, "offense_levels");
            var race = Required(j.Race, "race");
            var ethnicity = Required(j.Ethnicity, "ethnicity");
            var country = Required(j.CountryOfBirth, "country_of_birth");
            var locales = Required(j.NameLocales, "name_locales");
            var nameLocales = ImmutableDictionary.CreateBuilder<Ethnicity, string>();
            foreach (var (code, locale) in locales)
            {
                if (!ArrestCodes.TryParseEthnicity(code, out var e))
                {
                    throw Error($"name_locales.{code}", $"is not an ethnicity code; use {ArrestCodes.Describe(ArrestCodes.EthnicityCodes)}");
                }

                if (!Bogus.Database.LocaleResourceExists(locale))
                {
                    throw Error($"name_locales.{code}", $"'{locale}' is not a Bogus locale (for example en, es, fr, pt_BR)");
                }

                nameLocales[e] = locale;
            }

            foreach (var e in Enum.GetValues<Ethnicity>())
            {
                if (!nameLocales.ContainsKey(e))
                {
                    throw Error("name_locales", $"has no locale for ethnicity {ArrestCodes.ToCode(e)}; give one for each of H, N, U");
                }
            }

            return new SyntheticProfile
            {
                Name = Required(j.Name, "name"),
                Description = j.Description ?? "",
                From = from,
                To = to,
                Districts = Table(j.Districts, "districts", (s, _) => s),
                HomeZips = Table(j.HomeZips, "home_zips", (s, _) => s),
                IdentMatchRate = Rate(j.IdentMatchRate, "ident_match_rate"),
                LevelsMatch = Table(levels.Match, "offense_levels.match", Level),
                LevelsNonMatch = Table(levels.NonMatch, "offense_levels.non_match", Level),
                DetainerRate = Rate(j.DetainerRateAmongMatches, "detainer_rate_among_matches"),
                RemovalRates = RatesByLevel(j.RemovalRateAmongDetainers, "removal_rate_among_detainers"),
                Sexes = Table(j.Sex, "sex", (s, f) => ArrestCodes.TryParseSex(s, out var v) ? v : throw CodeError(f, s, ArrestCodes.SexCodes)),
                Ages = new WeightedTable<(int, int)>(ages.Select(a => ((a.From, a.To), a.Weight)).ToList()),
                RaceMatch = Table(race.Match, "race.match", RaceCode),
                RaceNonMatch = Table(race.NonMatch, "race.non_match", RaceCode),
                EthnicityMatch = Table(ethnicity.Match, "ethnicity.match", EthnicityCode),
                EthnicityNonMatch = Table(ethnicity.NonMatch, "ethnicity.non_match", EthnicityCode),
                CountryMatch = Table(country.Match, "country_of_birth.match", (s, _) => s),
                CountryNonMatch = Table(country.NonMatch, "country_of_birth.non_match", (s, _) => s),
                NameLocales = nameLocales.ToImmutable(),
                ArrestsPerPerson = Table(j.ArrestsPerPerson, "arrests_per_person", Count),
                FbiMissingRate = Rate(j.FbiNumberMissingRate, "fbi_number_missing_rate"),
                NameCaseRate = Rate(variation.NameCaseRate, "clerk_variation.name_case_rate"),
                NameSpacingRate = Rate(variation.NameSpacingRate, "clerk_variation.name_spacing_rate"),
                DateFormatRate = Rate(variation.DateFormatRate, "clerk_variation.date_format_rate"),
                FbiBookingMissingRate = Rate(variation.FbiNumberBookingMissingRate, "clerk_variation.fbi_number_booking_missing_rate"),
                FbiFormatRate = Rate(variation.FbiNumberFormatRate, "clerk_variation.fbi_number_format_rate"),
                NameVariantRate = Rate(variation.NameVariantRate, "clerk_variation.name_variant_rate"),
                Charges = [null!, .. Enum.GetValues<OffenseLevel>().Select(l => new WeightedTable<(string, string)>(charges[l]))],

                // Outcomes recorded with the arrest when a profile gives no lags: the extract is the same as before lags existed.
                DetainerLags = j.OutcomeLags is { } lags ? Table(lags.DetainerMonths, "outcome_lags.detainer_months", Months) : new WeightedTable<int>([(0, 1)]),
                RemovalLags = j.OutcomeLags is { } lag ? Table(lag.RemovalMonths, "outcome_lags.removal_months", Months) : new WeightedTable<int>([(0, 1)]),
            };
        }

        private WeightedTable<T> Table<T>(Dictionary<string, double>? weights, string field, Func<string, string, T> parse)
        {
            var entries = Required(weights, field);
            if (entries.Count == 0 || entries.Values.Sum() <= 0)
            {
                throw Error(field, "has no positive weight; give at least one value a weight above 0");
            }

            var list = new List<(T, double)>();
            foreach (var (key, weight) in entries.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Weight(weight, $"{field}.{key}");
                list.Add((parse(key, $"{field}.{key}"), weight));
            }

            return new WeightedTable<T>(list);
        }

        // One rate per offense level, all three required: ICE removes Level 1 matches far more often
        // than Level 2 and 3 ones, so a single rate cannot reproduce the published figures.
        private double[] RatesByLevel(Dictionary<string, double>? rates, string field)
        {
            var entries = Required(rates, field);
            var result = new double[4];
            var seen = new bool[4];
            foreach (var (key, rate) in entries)
            {
                var level = (int)Level(key, $"{field}.{key}");
                result[level] = Rate(rate, $"{field}.{key}");
                seen[level] = true;
            }

            for (var level = 1; level <= 3; level++)
            {
                if (!seen[level])
                {
                    throw Error(field, $"has no rate for offense level {level}; give one for each of 1, 2, 3");
                }
            }

            return result;
        }

        private OffenseLevel Level(string key, string field) =>
            ArrestCodes.TryParseLevel(key, out var level) ? level : throw CodeError(field, key, ArrestCodes.LevelCodes);

        private Race RaceCode(string key, string field) =>
            ArrestCodes.TryParseRace(key, out var v) ? v : throw CodeError(field, key, ArrestCodes.RaceCodes);

        private Ethnicity EthnicityCode(string key, string field) =>
            ArrestCodes.TryParseEthnicity(key, out var v) ? v : throw CodeError(field, key, ArrestCodes.EthnicityCodes);

        private int Count(string key, string field) =>
            int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000
                ? n
                : throw Error(field, $"'{key}' is not a number of arrests from 1 to 1000");

        private int Months(string key, string field) =>
            int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 120
                ? n
                : throw Error(field, $"'{key}' is not a number of months from 0 to 120");

        private double Rate(double? value, string field)
        {
            var v = value ?? throw Error(field, "is missing; give a rate from 0 to 1");
            return double.IsFinite(v) && v is >= 0 and <= 1 ? v : throw Error(field, $"is {v}; a rate is from 0 to 1");
        }

        private void Weight(double value, string field)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw Error(field, $"is {value}; a weight is a number of 0 or more");
            }
        }

        private ArrestMonth Month(string? text, string field) =>
            ArrestMonth.TryParse(Required(text, field), out var m) ? m : throw Error(field, $"'{text}' is not a month; write yyyy-MM");

        private T Required<T>(T? value, string field)
            where T : class => value ?? throw Error(field, "is missing");

        private InputException CodeError(string field, string key, string codes) =>
            Error(field, $"'{key}' is not a valid code; use one of {ArrestCodes.Describe(codes)}");

        private InputException Error(string field, string problem) => Throw.BadField(source, field, problem);
    }
}
