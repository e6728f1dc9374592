using PrivacyShare.Csv;
using PrivacyShare.Records;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// The text that identifies a person: the normalized primary columns (default: FBI number) when all
/// are non-empty, else the normalized fallback columns (default: last name, first name, date of birth),
/// joined by the byte 0x1F, which normalized text cannot contain; dates are written yyyy-MM-dd first.
/// One definition for both uses: pseudonymize hashes it into person_id, and release bounds each
/// person's contribution by it, so the two always agree on who is the same person.
/// </summary>
internal sealed class PersonIdentityText
{
    /// <summary>The buffer size callers provide.</summary>
    public const int MaxLength = 2048;

    private const char Separator = '\u001F';

    private readonly string _path;
    private readonly string[] _header;
    private readonly int[] _primary;
    private readonly int[] _fallback;

    public PersonIdentityText(string path, string[] header, int[] primary, int[] fallback)
    {
        _path = path;
        _header = header;
        _primary = primary;
        _fallback = fallback;
    }

    /// <summary>
    /// Writes the identity of row <paramref name="row"/> into <paramref name="identity"/>
    /// (<see cref="MaxLength"/> chars) and returns its length; 0 when every identity column is empty.
    /// </summary>
    public int Build(CellBatch input, int row, Span<char> identity)
    {
        var length = Join(input, row, _primary, identity, out var all, out _);
        if (all)
        {
            return length;
        }

        length = Join(input, row, _fallback, identity, out _, out var any);
        return any ? length : 0;
    }

    private int Join(CellBatch input, int row, int[] columns, Span<char> identity, out bool all, out bool any)
    {
        var length = 0;
        all = columns.Length > 0;
        any = false;
        Span<char> date = stackalloc char[10];
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            scoped ReadOnlySpan<char> value = input.Get(row, c);
            if (_header[c] is ArrestSchema.Dob or ArrestSchema.ArrestDate && !value.Trim().IsEmpty)
            {
                value = ArrestDates.TryParse(value, out var d)
                    ? ArrestDates.FormatIso(d, date)
                    : throw Throw.Input(_path, input.Lines[row], _header[c], $"'{value}' is not a date; use {ArrestDates.AcceptedDescription}");
            }

            if (i > 0)
            {
                identity[length++] = Separator;
            }

            // NFKC can expand a character; leave room for the worst the normalizer writes in place.
            string? large = null;
            var n = length + value.Length * 2 + 4 <= identity.Length ? Normalization.Normalize(value, identity[length..], out large) : -1;
            if (n < 0 || large is not null)
            {
                throw Throw.Input(_path, input.Lines[row], _header[c], "is too long to be part of a person identity");
            }

            length += n;
            all &= n > 0;
            any |= n > 0;
        }

        return length;
    }
}
