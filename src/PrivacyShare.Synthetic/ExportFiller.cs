using System.Globalization;
using PrivacyShare.Internals;
using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Fills the canonical columns an export lacks, row by row, from a profile (<see cref="Augmenter"/>):
/// the export's own values stay, and the rows are given synthetic people consistent with them.
/// </summary>
/// <remarks>
/// People recur as in <see cref="ArrestGenerator"/>: a new person draws a total number of arrests from
/// the profile's heavy-tailed distribution and waits in a bounded pool until they are all made, and a
/// row is a repeat with probability (E[K] - 1) / E[K]. A repeat takes a waiting person whose sex, race
/// and ethnicity are the row's and whose date of birth gives an age at this arrest within the row's age
/// or age group (up to 16 tries; otherwise the row gets a new person), so every person is consistent
/// with every one of their rows. A person is removed at most once, at their latest arrest so far, and
/// leaves the pool when removed.
/// </remarks>
internal sealed class ExportFiller
{
    private const int PoolCapacity = 1 << 14;
    private const int Tries = 16;

    // An open age group (65+) is drawn from its first years: nobody in it is 120.
    private const int OpenGroupYears = 20;

    private readonly SyntheticProfile _profile;
    private readonly SeededDraws _random;
    private readonly Clerk _clerk;
    private readonly bool[] _has; // per canonical position: the export gives the column
    private readonly bool _age;
    private readonly double _repeatProbability;
    private readonly NameTables[] _names;
    private readonly Dictionary<string, List<SyntheticPerson>> _pool = new(StringComparer.Ordinal);
    private readonly int _fbiOffset;
    private int _poolCount;

    public ExportFiller(SyntheticProfile profile, int seed, IReadOnlyList<string> unmapped, bool age)
    {
        _profile = profile;
        _random = new SeededDraws(seed);
        _clerk = new Clerk(profile, _random);
        _age = age;
        var layout = ArrestSchema.Layout(age);
        _has = [.. layout.Select(c => !unmapped.Contains(c, StringComparer.Ordinal))];
        InventsPeople = !_has[2] && !_has[3] && !_has[9];
        var tables = profile.NameLocales.Values.Distinct(StringComparer.Ordinal).ToDictionary(l => l, NameTables.For, StringComparer.Ordinal);
        _names = [.. Enum.GetValues<Ethnicity>().Select(e => tables[profile.NameLocales[e]])];
        var counts = profile.ArrestsPerPerson;
        var mean = Enumerable.Range(0, counts.Values.Count).Sum(i => counts.Values[i] * counts.Probability(i));
        _repeatProbability = (mean - 1) / mean;
        _fbiOffset = _random.Number(0, 99_999_999);
    }

    /// <summary>Whether the rows get synthetic people (the export has no names and no FBI numbers).</summary>
    public bool InventsPeople { get; }

    public long People { get; private set; }

    public long PeopleWithRepeats { get; private set; }

    /// <summary>
    /// Completes one row: <paramref name="cells"/> holds the export's canonical values in canonical order
    /// (the birth column is the age when the export gives ages) and empty cells where it has none; the
    /// result is a whole record, with a date of birth when people are invented.
    /// </summary>
    public ArrestRecord Complete(string[] cells, string path, long line)
    {
        var c = ArrestSchema.Layout(_age);
        var date = ArrestFields.RequiredDate(cells[1], path, line, c[1]);
        AgeRange? age = _age && _has[4] ? ArrestFields.AgeAtArrest(cells[4], path, line, c[4]) : null;
        DateOnly? dob = !_age && _has[4] ? ArrestFields.RequiredDate(cells[4], path, line, c[4]) : null;
        Sex? sex = _has[5] ? ArrestFields.Sex(cells[5], path, line, c[5]) : null;
        Race? race = _has[6] ? ArrestFields.Race(cells[6], path, line, c[6]) : null;
        Ethnicity? ethnicity = _has[7] ? ArrestFields.Ethnicity(cells[7], path, line, c[7]) : null;

        var person = InventsPeople ? PersonFor(date, age, dob, sex, race, ethnicity) : NewPerson(date, age, dob, sex, race, ethnicity, counted: false);
        var p = _profile;
        var level = _has[14] ? ArrestFields.Level(cells[14], path, line, c[14]) : (person.Match ? p.LevelsMatch : p.LevelsNonMatch).Sample(_random);
        var match = _has[15] ? ArrestFields.Flag(cells[15], path, line, c[15]) : person.Match;
        var detainer = _has[16] ? ArrestFields.Flag(cells[16], path, line, c[16]) : match && _random.Double() < p.DetainerRate;
        var removed = _has[17] ? ArrestFields.Flag(cells[17], path, line, c[17])
            : detainer && date >= person.Latest && _random.Double() < p.RemovalRates[(int)level];
        person.Latest = date > person.Latest ? date : person.Latest;
        if (removed && InventsPeople)
        {
            Leave(person); // removed: no later arrest of theirs is made
        }

        Span<char> buffer = stackalloc char[10];
        if (InventsPeople)
        {
            var (last, first) = _clerk.NameAsBooked(person.LastName, person.FirstName);
            cells[2] = _clerk.AsTyped(last);
            cells[3] = _clerk.AsTyped(first);
            cells[9] = _clerk.FbiAsBooked(person.Fbi);
            cells[4] = ArrestDates.FormatIso(person.Dob, buffer).ToString();
        }
        else if (!_has[4])
        {
            cells[4] = ArrestDates.FormatIso(person.Dob, buffer).ToString();
        }

        Fill(cells, 5, ArrestCodes.ToCode(person.Sex).ToString());
        Fill(cells, 6, ArrestCodes.ToCode(person.Race).ToString());
        Fill(cells, 7, ArrestCodes.ToCode(person.Ethnicity).ToString());
        Fill(cells, 8, person.Country);
        Fill(cells, 10, person.Zip);
        if (!_has[11])
        {
            cells[11] = p.Districts.Sample(_random);
        }

        if (!_has[12] || !_has[13])
        {
            var (code, description) = p.Charges[(int)level].Sample(_random);
            Fill(cells, 12, code);
            Fill(cells, 13, description);
        }

        cells[14] = ArrestCodes.ToCode(level).ToString();
        cells[15] = match ? "Y" : "N";
        cells[16] = detainer ? "Y" : "N";
        cells[17] = removed ? "Y" : "N";
        return ArrestFields.Record(new Cells(cells), path, line, age: _age && !InventsPeople && _has[4]);
    }

    private void Fill(string[] cells, int column, string value)
    {
        if (!_has[column])
        {
            cells[column] = value;
        }
    }

    // The person of a row: a waiting person who fits it, or a new one.
    private SyntheticPerson PersonFor(DateOnly date, AgeRange? age, DateOnly? dob, Sex? sex, Race? race, Ethnicity? ethnicity)
    {
        var bucket = $"{sex}|{race}|{ethnicity}";
        if (_random.Double() < _repeatProbability && _pool.TryGetValue(bucket, out var waiting) && waiting.Count > 0)
        {
            for (var t = 0; t < Tries; t++)
            {
                var i = _random.Number(0, waiting.Count - 1);
                var candidate = waiting[i];
                if (Fits(candidate, date, age, dob))
                {
                    if (candidate.Arrests++ == 1)
                    {
                        PeopleWithRepeats++;
                    }

                    if (--candidate.Remaining == 0)
                    {
                        Leave(candidate);
                    }

                    return candidate;
                }
            }
        }

        var person = NewPerson(date, age, dob, sex, race, ethnicity, counted: true);
        if (person.Remaining > 0 && _poolCount < PoolCapacity)
        {
            person.Bucket = bucket;
            if (!_pool.TryGetValue(bucket, out var list))
            {
                _pool[bucket] = list = [];
            }

            list.Add(person);
            _poolCount++;
        }

        return person;
    }

    private static bool Fits(SyntheticPerson person, DateOnly date, AgeRange? age, DateOnly? dob)
    {
        var years = AgeBands.AgeAt(person.Dob, date);
        return (age is not { } a || (years >= a.Low && years <= a.High)) && (dob is not { } d || d == person.Dob) && years >= 0;
    }

    private void Leave(SyntheticPerson person)
    {
        if (person.Bucket is { } bucket && _pool.TryGetValue(bucket, out var list))
        {
            var i = list.IndexOf(person);
            if (i >= 0)
            {
                list[i] = list[^1];
                list.RemoveAt(list.Count - 1);
                _poolCount--;
            }
        }

        person.Bucket = null;
        person.Remaining = 0;
    }

    private SyntheticPerson NewPerson(DateOnly date, AgeRange? age, DateOnly? dob, Sex? sex, Race? race, Ethnicity? ethnicity, bool counted)
    {
        var p = _profile;

        // IDENT matches at the profile's rate given what the row tells (Bayes over its ethnicity): the
        // profile's match and non-match populations differ most in ethnicity.
        var rate = p.IdentMatchRate;
        if (ethnicity is { } e)
        {
            var (m, n) = (Share(p.EthnicityMatch, e), Share(p.EthnicityNonMatch, e));
            rate = (rate * m) + ((1 - rate) * n) > 0 ? rate * m / ((rate * m) + ((1 - rate) * n)) : rate;
        }

        var match = _random.Double() < rate;
        var s = sex ?? p.Sexes.Sample(_random);
        var r = race ?? (match ? p.RaceMatch : p.RaceNonMatch).Sample(_random);
        var eth = ethnicity ?? (match ? p.EthnicityMatch : p.EthnicityNonMatch).Sample(_random);
        var country = (match ? p.CountryMatch : p.CountryNonMatch).Sample(_random);
        var born = dob ?? BirthDate(date, age);
        var person = SyntheticPerson.Draw(p, _random, _names[(int)eth], People, _fbiOffset, born, s, r, eth, country, match);
        person.Latest = date;
        if (counted)
        {
            People++;
        }

        return person;
    }

    // A date of birth for someone of this age (or age group) on this date, every day of the span alike;
    // without an age, from the profile's ages.
    private DateOnly BirthDate(DateOnly date, AgeRange? age)
    {
        var (low, high) = age is { } a ? (a.Low, a.High == AgeRange.Oldest && a.Low < AgeRange.Oldest ? Math.Min(a.High, a.Low + OpenGroupYears - 1) : a.High) : _profile.Ages.Sample(_random);
        var latest = date.AddYears(-low);                   // turned `low` on or before the date
        var earliest = date.AddYears(-(high + 1)).AddDays(1); // not yet `high + 1` on the date
        return DateOnly.FromDayNumber(_random.Number(earliest.DayNumber, latest.DayNumber));
    }

    private static double Share<T>(WeightedTable<T> table, T value) =>
        Enumerable.Range(0, table.Values.Count).Where(i => EqualityComparer<T>.Default.Equals(table.Values[i], value)).Sum(table.Probability);

    private readonly struct Cells(string[] values) : IArrestCells
    {
        public ReadOnlySpan<char> Cell(int canonical) => values[canonical];
    }
}
