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

    public IdentityKeys(string path, string[] header, int[] primary, int[] fallback)
    {
        _path = path;
        _header = header;
        _primary = primary;
        _fallback = fallback;
    }

    /// <summary>
    /// Writes row <paramref name="row"/>'s keys: the primary key's length (0 when a primary column is
    /// empty) and the fallback key's (0 when it must not link); <paramref name="birth"/> is the day
    /// number of the first date among the fallback columns, or -1.
    /// </summary>
    public void Build(CellBatch input, int row, Span<char> primary, out int primaryLength, Span<char> fallback, out int fallbackLength, out int birth)
    {
        primaryLength = Primary(input, row, primary);
        fallbackLength = Fallback(input, row, fallback, out var all, out birth);
        if (primaryLength > 0 && !all)
        {
            fallbackLength = 0;
        }
    }

    /// <summary>Row <paramref name="row"/>'s primary key's length (0 when a primary column is empty).</summary>
    public int BuildPrimary(CellBatch input, int row, Span<char> primary) => Primary(input, row, primary);

    /// <summary>Row <paramref name="row"/>'s fallback key's length, as a record without a primary key uses it.</summary>
    public int BuildFallback(CellBatch input, int row, Span<char> fallback) => Fallback(input, row, fallback, out _, out _);

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

    private int Fallback(CellBatch input, int row, Span<char> key, out bool all, out int birth)
    {
        all = _fallback.Length > 0;
        birth = -1;
        Span<char> date = stackalloc char[10];
        Span<char> text = stackalloc char[MaxLength];
        Span<(int Start, int Length)> words = stackalloc (int, int)[64];
        int used = 0, count = 0;
        foreach (var c in _fallback)
        {
            if (!IsDate(c))
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
        return count > 0 || birth >= 0 ? length : 0;
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

    private DateOnly? DateOf(CellBatch input, int row, int column) =>
        ArrestFields.Date(input.Get(row, column), _path, input.Lines[row], _header[column]);

    private int Put(Span<char> key, ref int length, Rune rune, CellBatch input, int row, int column)
    {
        Span<char> chars = stackalloc char[2];
        return Put(key, ref length, chars[..rune.EncodeToUtf16(chars)], input, row, column);
    }

    private int Put(Span<char> key, ref int length, char c, CellBatch input, int row, int column) =>
        Put(key, ref length, new ReadOnlySpan<char>(in c), input, row, column);

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
