using System.Globalization;
using System.Text;
using PrivacyShare.Internals;
using PrivacyShare.Internals.Csv;
using PrivacyShare.Records;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// The two keys under which a record's person is linked (docs/identity.md): the primary key (default:
/// the FBI number) and the fallback key (default: last name, first name and date of birth). Records
/// sharing either key are one person (<see cref="IdentityLinker"/>).
/// </summary>
/// <remarks>
/// The keys are normalized for linkage, beyond <see cref="Normalization"/>, so that one person typed
/// differently by clerks has one key:
/// <list type="bullet">
/// <item>primary: NFKC and upper case, then letters and digits only: <c>12345678-A</c>,
/// <c>12345678 A</c> and <c>12345678A</c> behind a byte-order mark, soft hyphen or zero-width space are
/// one number;</item>
/// <item>fallback names: NFKC, upper case, accents folded (NFD without combining marks), apostrophes
/// and default-ignorable characters removed, every other non-letter a word break, and the words of all
/// name columns sorted, so <c>José García-López</c>, <c>JOSE GARCIA LOPEZ</c> and the first and last
/// names swapped are one name; dates as <c>yyyy-MM-dd</c>.</item>
/// </list>
/// A record with a primary key is linked through its fallback key only when every fallback column is
/// filled (a name without a birth date joins too many strangers); a record without one is identified by
/// its fallback key alone, as far as it is filled.
/// <para>
/// An extract with the age at arrest instead of the date of birth (<c>age</c>) cannot give one key per
/// person: the age of one person differs between arrests. A record of age <c>a</c> (or a range of ages)
/// arrested in year <c>Y</c> was born in one of the years <c>Y - a - 1</c> to <c>Y - a</c> (or across
/// the range), and gets one fallback key per such year, all linked together. Two records of one person
/// both allow the true birth year, so they always share a key: no person is split. The price is merging
/// namesakes born a year or two apart (docs/identity.md).
/// </para>
/// </remarks>
internal sealed class IdentityKeys
{
    /// <summary>The buffer size callers provide for each key.</summary>
    public const int MaxLength = 2048;

    private const char Separator = '\u001F';

    private readonly string _path;
    private readonly string[] _header;
    private readonly int[] _primary;
    private readonly int[] _fallback;
    private readonly int _arrestDate = -1; // for an age among the fallback columns

    public IdentityKeys(string path, string[] header, int[] primary, int[] fallback)
    {
        _path = path;
        _header = header;
        _primary = primary;
        _fallback = fallback;
        if (primary.Any(IsAge))
        {
            throw Throw.BadCell(path, 1, ArrestSchema.Age, "changes from one arrest to the next, so it cannot be a primary identity column; put it among the fallback columns");
        }

        if (fallback.Any(IsAge))
        {
            _arrestDate = Array.IndexOf(header, ArrestSchema.ArrestDate);
            if (_arrestDate < 0)
            {
                throw Throw.MissingColumn(path, ArrestSchema.ArrestDate, "the person identity: the age is an age at arrest, and the birth years it allows are counted from the arrest date");
            }
        }
    }

    /// <summary>Whether the fallback key takes an age at arrest instead of a date of birth.</summary>
    public bool ByAge => _arrestDate >= 0;

    /// <summary>The number of digits of a birth year in a key (<see cref="Build"/>'s <c>yearAt</c>).</summary>
    public const int YearDigits = 5;

    /// <summary>Writes <paramref name="year"/> into a key at <paramref name="at"/>, as <see cref="Build"/> does.</summary>
    public static void WriteYear(Span<char> key, int at, int year) =>
        (year + 10_000).TryFormat(key.Slice(at, YearDigits), out _, "D5", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes row <paramref name="row"/>'s keys: the primary key's length (0 when a primary column is
    /// empty) and the fallback key's (0 when it must not link); <paramref name="birth"/> is the day
    /// number of the first date among the fallback columns, or -1. With an age among the fallback
    /// columns, the fallback key holds the first birth year the age allows at <paramref name="yearAt"/>
    /// (<see cref="YearDigits"/> digits), and the record has <paramref name="years"/> keys, one per
    /// following year (<see cref="WriteYear"/>); otherwise <paramref name="yearAt"/> is -1 and
    /// <paramref name="years"/> 1.
    /// </summary>
    public void Build(CellBatch input, int row, Span<char> primary, out int primaryLength, Span<char> fallback, out int fallbackLength, out int birth, out int yearAt, out int years)
    {
        primaryLength = Primary(input, row, primary);
        fallbackLength = Fallback(input, row, fallback, out var all, out birth, out yearAt, out years);
        if (primaryLength > 0 && !all)
        {
            fallbackLength = 0;
        }
    }

    /// <summary>Row <paramref name="row"/>'s primary key's length (0 when a primary column is empty).</summary>
    public int BuildPrimary(CellBatch input, int row, Span<char> primary) => Primary(input, row, primary);

    /// <summary>Row <paramref name="row"/>'s fallback key's length, as a record without a primary key uses it.</summary>
    public int BuildFallback(CellBatch input, int row, Span<char> fallback) => Fallback(input, row, fallback, out _, out _, out _, out _);

    private int Primary(CellBatch input, int row, Span<char> key)
    {
        var length = 0;
        Span<char> date = stackalloc char[10];
        for (var i = 0; i < _primary.Length; i++)
        {
            var c = _primary[i];
            var value = input.Get(row, c);
            if (i > 0)
            {
                Put(key, ref length, Separator, input, row, c);
            }

            var n = 0;
            if (IsDate(c))
            {
                if (DateOf(input, row, c) is { } d)
                {
                    n = Put(key, ref length, ArrestDates.FormatIso(d, date), input, row, c);
                }
            }
            else
            {
                var before = length;
                if (Ascii.IsValid(value))
                {
                    foreach (var ch in value)
                    {
                        if (char.IsAsciiLetterOrDigit(ch))
                        {
                            Put(key, ref length, char.ToUpperInvariant(ch), input, row, c);
                        }
                    }
                }
                else
                {
                    foreach (var rune in Folded(value, fold: false))
                    {
                        if (Rune.IsLetterOrDigit(rune))
                        {
                            Put(key, ref length, rune, input, row, c);
                        }
                    }
                }

                n = length - before;
            }

            if (n == 0)
            {
                return 0; // a primary key needs every primary column
            }
        }

        return length;
    }

    private int Fallback(CellBatch input, int row, Span<char> key, out bool all, out int birth, out int yearAt, out int years)
    {
        all = _fallback.Length > 0;
        birth = -1;
        yearAt = -1;
        years = 1;
        Span<char> date = stackalloc char[10];
        Span<char> digits = stackalloc char[YearDigits];
        Span<char> text = stackalloc char[MaxLength];
        Span<(int Start, int Length)> words = stackalloc (int, int)[64];
        int used = 0, count = 0;
        foreach (var c in _fallback)
        {
            if (!IsDate(c) && !IsAge(c))
            {
                var before = count;
                Words(input.Get(row, c), text, ref used, words, ref count, input, row, c);
                all &= count > before;
            }
        }

        // The words of all name columns in ordinal order (insertion sort: a name has a few words).
        for (var i = 1; i < count; i++)
        {
            for (var j = i; j > 0 && text.Slice(words[j - 1].Start, words[j - 1].Length).SequenceCompareTo(text.Slice(words[j].Start, words[j].Length)) > 0; j--)
            {
                (words[j - 1], words[j]) = (words[j], words[j - 1]);
            }
        }

        var length = 0;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Put(key, ref length, ' ', input, row, _fallback[0]);
            }

            Put(key, ref length, text.Slice(words[i].Start, words[i].Length), input, row, _fallback[0]);
        }

        foreach (var c in _fallback)
        {
            if (IsAge(c))
            {
                // The birth years this age at arrest allows: born in year B, a person is Y - B or
                // Y - B - 1 years old in year Y, so age a (or ages lo to hi) allows Y - hi - 1 to Y - lo.
                Put(key, ref length, Separator, input, row, c);
                var line = input.Lines[row];
                var age = ArrestFields.AgeAtArrest(input.Get(row, c), _path, line, _header[c]);
                var year = ArrestFields.RequiredDate(input.Get(row, _arrestDate), _path, line, _header[_arrestDate]).Year;
                WriteYear(digits, 0, year - age.High - 1);
                yearAt = length;
                years = age.High - age.Low + 2;
                Put(key, ref length, digits, input, row, c);
                continue;
            }

            if (!IsDate(c))
            {
                continue;
            }

            Put(key, ref length, Separator, input, row, c);
            if (DateOf(input, row, c) is { } d)
            {
                birth = birth < 0 ? d.DayNumber : birth;
                Put(key, ref length, ArrestDates.FormatIso(d, date), input, row, c);
            }
            else
            {
                all = false;
            }
        }

        // Only separators: nothing identifies the record through these columns.
        return count > 0 || birth >= 0 || yearAt >= 0 ? length : 0;
    }

    // The words of a name: letters and digits, accents folded, apostrophes and invisible characters
    // dropped, anything else a break. ASCII (most names) without a string or a normalization call.
    private void Words(ReadOnlySpan<char> value, Span<char> text, ref int used, Span<(int Start, int Length)> words, ref int count, CellBatch input, int row, int column)
    {
        var start = used;
        if (Ascii.IsValid(value))
        {
            foreach (var ch in value)
            {
                if (char.IsAsciiLetterOrDigit(ch))
                {
                    Put(text, ref used, char.ToUpperInvariant(ch), input, row, column);
                }
                else if (ch is not '\'' and not '`')
                {
                    Word(ref start, used, words, ref count, input, row, column);
                }
            }
        }
        else
        {
            foreach (var rune in Folded(value, fold: true))
            {
                if (Rune.IsLetterOrDigit(rune))
                {
                    Put(text, ref used, rune, input, row, column);
                }
                else if (!IsIgnorable(rune) && rune.Value is not ('\'' or '\u2019' or '\u02BC' or '`' or '\u00B4'))
                {
                    Word(ref start, used, words, ref count, input, row, column);
                }
            }
        }

        Word(ref start, used, words, ref count, input, row, column);
    }

    private void Word(ref int start, int used, Span<(int Start, int Length)> words, ref int count, CellBatch input, int row, int column)
    {
        if (used > start)
        {
            if (count == words.Length)
            {
                throw Throw.IdentityTooManyWords(_path, input.Lines[row], _header[column]);
            }

            words[count++] = (start, used - start);
        }

        start = used;
    }

    // The value's runes after NFKC (and, when folding, NFD without combining marks), upper-cased.
    private static IEnumerable<Rune> Folded(ReadOnlySpan<char> value, bool fold)
    {
        var text = value.ToString();
        if (!Ascii.IsValid(text))
        {
            text = text.Normalize(NormalizationForm.FormKC);
            if (fold)
            {
                text = text.Normalize(NormalizationForm.FormD);
            }
        }

        return Runes(text);
    }

    private static IEnumerable<Rune> Runes(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue; // accents, after NFD
            }

            yield return Rune.ToUpperInvariant(rune);
        }
    }

    /// <summary>
    /// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) and every other format
    /// character: invisible in print, so never part of a name or number.
    /// </summary>
    internal static bool IsIgnorable(Rune rune)
    {
        var v = rune.Value;
        return Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
            || v is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0
            || v is >= 0x180B and <= 0x180F
            || v is >= 0x200B and <= 0x200F
            || v is >= 0x202A and <= 0x202E
            || v is >= 0x2060 and <= 0x206F
            || v is >= 0xFE00 and <= 0xFE0F
            || v is 0xFEFF
            || v is >= 0xFFF0 and <= 0xFFF8
            || v is >= 0x1BCA0 and <= 0x1BCA3
            || v is >= 0x1D173 and <= 0x1D17A
            || v is >= 0xE0000 and <= 0xE0FFF;
    }

    private bool IsDate(int column) => _header[column] is ArrestSchema.Dob or ArrestSchema.ArrestDate;

    private bool IsAge(int column) => _header[column] is ArrestSchema.Age;

    private DateOnly? DateOf(CellBatch input, int row, int column) =>
        ArrestFields.Date(input.Get(row, column), _path, input.Lines[row], _header[column]);

    private int Put(Span<char> key, ref int length, Rune rune, CellBatch input, int row, int column)
    {
        Span<char> chars = stackalloc char[2];
        return Put(key, ref length, chars[..rune.EncodeToUtf16(chars)], input, row, column);
    }

    // One character, written in place: names go through here a character at a time, where a copy of a
    // one-character span cost a call to Memmove each (3% of a release's time, issue #22).
    private int Put(Span<char> key, ref int length, char c, CellBatch input, int row, int column)
    {
        if ((uint)length >= (uint)key.Length)
        {
            throw Throw.IdentityTooLong(_path, input.Lines[row], _header[column]);
        }

        key[length++] = c;
        return 1;
    }

    private int Put(Span<char> key, ref int length, ReadOnlySpan<char> text, CellBatch input, int row, int column)
    {
        if (length + text.Length > key.Length)
        {
            throw Throw.IdentityTooLong(_path, input.Lines[row], _header[column]);
        }

        text.CopyTo(key[length..]);
        length += text.Length;
        return text.Length;
    }
}
