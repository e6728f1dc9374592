using PrivacyShare.Records;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Draws synthetic arrests one at a time from a profile, deterministically from a seed: the same
/// seed, profile, period and PrivacyShare version give the same sequence.
/// </summary>
/// <remarks>
/// Bogus supplies the locale data (names); the draws come from a seeded <see cref="Random"/> owned by
/// the generator, the same algorithm Bogus' <c>Randomizer(seed)</c> wraps, because <c>Randomizer</c>
/// takes a process-wide lock on every draw (about 25 ns) and a row makes about 25 draws.
/// People recur: each new person draws a total number of arrests from the profile; the arrests still
/// due wait in a bounded pool, from which later rows draw. The pool's capacity bounds memory, so it
/// does not grow with the number of rows. Each row is a repeat with probability (E[K] - 1) / E[K],
/// which makes the share of repeat rows match the profile's arrests-per-person distribution.
/// </remarks>
internal sealed class ArrestGenerator
{
    private const int PoolCapacity = 1 << 14;

    private readonly SyntheticProfile _profile;
    private readonly SeededDraws _random;
    private readonly Clerk _clerk; // draws from _random, in the order the rows always drew

    // The outcome lags come from their own stream, drawn for every arrest: the main stream, and so every
    // extract a seed gave before lags existed, stays as it was.
    private readonly SeededDraws _lags;
    private readonly DateOnly _firstDay;
    private readonly int _days;
    private readonly double _repeatProbability;
    private readonly NameTables[] _names; // by Ethnicity
    private readonly SyntheticPerson[] _pool = new SyntheticPerson[PoolCapacity];
    private readonly int _fbiOffset;
    private int _poolCount;
    private long _sequence;

    public ArrestGenerator(SyntheticProfile profile, int seed, ArrestMonth from, ArrestMonth to)
    {
        _profile = profile;
        _random = new SeededDraws(seed);
        _clerk = new Clerk(profile, _random);
        _lags = new SeededDraws(unchecked(seed * 31 + 0x1A65));
        _firstDay = from.FirstDay;
        _days = to.LastDay.DayNumber - _firstDay.DayNumber + 1;
        var tables = profile.NameLocales.Values.Distinct(StringComparer.Ordinal).ToDictionary(l => l, NameTables.For, StringComparer.Ordinal);
        _names = Enum.GetValues<Ethnicity>().Select(e => tables[profile.NameLocales[e]]).ToArray();
        var counts = profile.ArrestsPerPerson;
        var mean = Enumerable.Range(0, counts.Values.Count).Sum(i => counts.Values[i] * counts.Probability(i));
        _repeatProbability = (mean - 1) / mean;
        _fbiOffset = _random.Number(0, 99_999_999);
    }

    /// <summary>
    /// Months from the last arrest <see cref="Next"/> returned to its detainer and to its removal being
    /// recorded (whether or not it has either); the removal never before the detainer.
    /// </summary>
    public (int Detainer, int Removal) LastLags { get; private set; }

    /// <summary>The number of distinct people drawn so far.</summary>
    public long People { get; private set; }

    /// <summary>The number of people with two or more arrests so far.</summary>
    public long PeopleWithRepeats { get; private set; }

    /// <summary>
    /// The next arrest, with the date layouts the clerk happened to use for it.
    /// </summary>
    public ArrestRecord Next(out DateStyle arrestDateStyle, out DateStyle dobStyle)
    {
        var person = NextPerson(out var poolIndex);
        var p = _profile;
        var date = _firstDay.AddDays(_random.Number(0, _days - 1));
        var level = (person.Match ? p.LevelsMatch : p.LevelsNonMatch).Sample(_random);
        var (code, description) = p.Charges[(int)level].Sample(_random);
        var detainer = person.Match && _random.Double() < p.DetainerRate;
        var removed = detainer && _random.Double() < p.RemovalRates[(int)level];
        if (removed)
        {
            // A removed person has left the country: no later arrest of theirs in this extract, so
            // nobody is removed twice.
            RemovePerson(person, poolIndex);
        }

        var detainerLag = p.DetainerLags.Sample(_lags);
        LastLags = (detainerLag, Math.Max(detainerLag, p.RemovalLags.Sample(_lags)));
        var district = p.Districts.Sample(_random);
        arrestDateStyle = _clerk.DateStyle();
        dobStyle = _clerk.DateStyle();
        _sequence++;
        var (last, first) = _clerk.NameAsBooked(person.LastName, person.FirstName);
        return new ArrestRecord
        {
            BookingId = BookingId(date, _sequence),
            ArrestDate = date,
            LastName = _clerk.AsTyped(last),
            FirstName = _clerk.AsTyped(first),
            Dob = person.Dob,
            Sex = person.Sex,
            Race = person.Race,
            Ethnicity = person.Ethnicity,
            CountryOfBirth = person.Country,
            FbiNumber = _clerk.FbiAsBooked(person.Fbi),
            HomeZip = person.Zip,
            District = district,
            ChargeCode = code,
            ChargeDescription = description,
            OffenseLevel = level,
            IdentMatch = person.Match,
            DetainerIssued = detainer,
            Removed = removed,
        };
    }

    // The person of the next arrest; poolIndex is where they still wait in the pool, or -1.
    private SyntheticPerson NextPerson(out int poolIndex)
    {
        if (_poolCount == PoolCapacity || (_poolCount > 0 && _random.Double() < _repeatProbability))
        {
            var i = _random.Number(0, _poolCount - 1);
            var person = _pool[i];
            if (person.Arrests++ == 1)
            {
                PeopleWithRepeats++;
            }

            poolIndex = i;
            if (--person.Remaining == 0)
            {
                TakeFromPool(i);
                poolIndex = -1;
            }

            return person;
        }

        var created = NewPerson();
        poolIndex = -1;
        if (created.Remaining > 0)
        {
            poolIndex = _poolCount;
            _pool[_poolCount++] = created;
        }

        return created;
    }

    private void RemovePerson(SyntheticPerson person, int poolIndex)
    {
        person.Remaining = 0;
        if (poolIndex >= 0)
        {
            TakeFromPool(poolIndex);
        }
    }

    private void TakeFromPool(int i)
    {
        _pool[i] = _pool[--_poolCount];
        _pool[_poolCount] = null!;
    }

    private SyntheticPerson NewPerson()
    {
        var p = _profile;
        var match = _random.Double() < p.IdentMatchRate;
        var sex = p.Sexes.Sample(_random);
        var (ageFrom, ageTo) = p.Ages.Sample(_random);
        var dob = _firstDay.AddYears(-_random.Number(ageFrom, ageTo)).AddDays(-_random.Number(0, 364));
        var race = (match ? p.RaceMatch : p.RaceNonMatch).Sample(_random);
        var ethnicity = (match ? p.EthnicityMatch : p.EthnicityNonMatch).Sample(_random);
        var country = (match ? p.CountryMatch : p.CountryNonMatch).Sample(_random);
        var person = SyntheticPerson.Draw(p, _random, _names[(int)ethnicity], People, _fbiOffset, dob, sex, race, ethnicity, country, match);
        People++;
        return person;
    }

    // "yy-nnnnnnnn": the year of the arrest and a running number, unique within the file.
    private static string BookingId(DateOnly date, long sequence) =>
        string.Create(11, (date.Year % 100, sequence), static (span, v) =>
        {
            v.Item1.TryFormat(span, out _, "D2", System.Globalization.CultureInfo.InvariantCulture);
            span[2] = '-';
            (v.Item2 % 100_000_000).TryFormat(span[3..], out _, "D8", System.Globalization.CultureInfo.InvariantCulture);
        });
}
