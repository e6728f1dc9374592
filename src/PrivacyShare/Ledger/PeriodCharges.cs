using System.Collections.Immutable;
using PrivacyShare.Internals;
using PrivacyShare.Privacy;
using PrivacyShare.Records;

namespace PrivacyShare.Ledger;

/// <summary>
/// What each period (month) of a dataset has been charged: a part charged to every period, by releases
/// that do not share the calendar's cap across periods (one-shot releases), and a part charged to the
/// months a calendar release read. A person's privacy loss is at most <see cref="PersonLevel"/>: the
/// every-period part plus the most-charged month (docs/calendar.md, "The guarantee").
/// </summary>
/// <remarks>
/// Why one-shot releases charge every period: the per-period rule holds only when a person's events are
/// capped once across all releases that read different periods (rule 3 of docs/calendar.md). A one-shot
/// release caps each person within its own input, so two one-shot releases over disjoint years could
/// each count B of one person's records; charged to every period, their epsilons add up, as they must.
/// </remarks>
internal sealed record PeriodCharges
{
    public static PeriodCharges None { get; } = new();

    /// <summary>Charged to every period, past and future.</summary>
    public Rational Everywhere { get; private init; } = Rational.Zero;

    /// <summary>Charged to single months, besides <see cref="Everywhere"/>; months never charged are absent.</summary>
    public ImmutableSortedDictionary<ArrestMonth, Rational> ByMonth { get; private init; } = ImmutableSortedDictionary<ArrestMonth, Rational>.Empty;

    /// <summary>The person-level epsilon: every-period charges plus the most-charged month.</summary>
    public Rational PersonLevel => Everywhere + (ByMonth.IsEmpty ? Rational.Zero : ByMonth.Values.Max());

    /// <summary>What month <paramref name="month"/> has been charged, in all.</summary>
    public Rational Of(ArrestMonth month) => Everywhere + ByMonth.GetValueOrDefault(month, Rational.Zero);

    /// <summary>These charges plus <paramref name="epsilon"/> on every month of <paramref name="months"/>, or on every period when null.</summary>
    public PeriodCharges Add(PeriodRange? months, Rational epsilon)
    {
        if (months is not { } range)
        {
            return this with { Everywhere = Everywhere + epsilon };
        }

        var builder = ByMonth.ToBuilder();
        foreach (var m in range.Each())
        {
            builder[m] = builder.GetValueOrDefault(m, Rational.Zero) + epsilon;
        }

        return this with { ByMonth = builder.ToImmutable() };
    }

    /// <summary>These charges plus every charge of <paramref name="other"/>.</summary>
    public PeriodCharges Add(PeriodCharges other)
    {
        var sum = Add(null, other.Everywhere);
        foreach (var (month, epsilon) in other.ByMonth)
        {
            sum = sum.Add(new PeriodRange(month, month), epsilon);
        }

        return sum;
    }

    /// <summary>The month charges as runs of consecutive months charged the same, oldest first.</summary>
    public IReadOnlyList<(PeriodRange Months, Rational Epsilon)> Runs()
    {
        var runs = new List<(PeriodRange, Rational)>();
        foreach (var (month, epsilon) in ByMonth)
        {
            if (runs.Count > 0 && runs[^1] is var (last, e) && e == epsilon && last.To.Plus(1) == month)
            {
                runs[^1] = (new PeriodRange(last.From, month), e);
            }
            else
            {
                runs.Add((new PeriodRange(month, month), epsilon));
            }
        }

        return runs;
    }

    /// <summary><c>every=E</c> then <c>;FROM..TO=E</c> per run: the ledger's stored form, covered by its MAC.</summary>
    public override string ToString() =>
        string.Join(';', Runs().Select(r => $"{r.Months}={r.Epsilon}").Prepend($"every={Everywhere}"));

    /// <summary>Reads what <see cref="ToString"/> writes.</summary>
    /// <exception cref="FormatException">Not that form.</exception>
    public static PeriodCharges Parse(string text)
    {
        var parts = text.Split(';');
        if (parts[0] is not ['e', 'v', 'e', 'r', 'y', '=', ..] || !Rational.TryParse(parts[0][6..], out var everywhere) || everywhere.Sign < 0)
        {
            throw Throw.BadLedgerCharges(text, "does not start with every=EPSILON");
        }

        var charges = None.Add(null, everywhere);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !PeriodRange.TryParse(part[..eq], out var range) || !Rational.TryParse(part[(eq + 1)..], out var epsilon) || epsilon.Sign <= 0
                || range.Each().Any(charges.ByMonth.ContainsKey))
            {
                throw Throw.BadLedgerCharges(text, $"'{part}' is not FROM..TO=EPSILON over months not named before");
            }

            charges = charges.Add(range, epsilon);
        }

        return charges;
    }
}
