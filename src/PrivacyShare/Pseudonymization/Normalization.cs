using System.Buffers;
using System.Text;
using PrivacyShare.Internals;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Normalization v1, applied to a value before it is pseudonymized, so that the same person typed
/// differently by clerks gets the same pseudonym: Unicode NFKC, trim, each run of white space becomes
/// one space, upper case (invariant culture, simple case mapping: <c>ß</c> stays <c>ß</c>). Dates
/// are first rewritten as <c>yyyy-MM-dd</c>. Documented in SECURITY.md; changing it changes every
/// pseudonym, so a change is a new version.
/// </summary>
internal static class Normalization
{
    public const int Version = 1;

    // Printable ASCII that normalization leaves as it is: everything but space and lower case.
    private static readonly SearchValues<char> Unchanged = SearchValues.Create(
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`{|}~");

    /// <summary>
    /// Throws when this process cannot do Unicode normalization. .NET's invariant-globalization mode
    /// silently returns non-ASCII text unnormalized, which would give one person different pseudonyms
    /// on different machines; refusing is the only safe answer.
    /// </summary>
    public static void EnsureAvailable()
    {
        if ("\uFB01\uFF21".Normalize(NormalizationForm.FormKC) != "fiA")
        {
            throw Throw.NoUnicodeNormalization();
        }
    }

    /// <summary>Normalizes <paramref name="value"/>; the result is empty when the value is blank.</summary>
    public static string Normalize(ReadOnlySpan<char> value)
    {
        var buffer = value.Length <= 256 ? stackalloc char[value.Length * 2 + 4] : new char[value.Length * 4 + 4];
        var n = Normalize(value, buffer, out var text);
        return text ?? buffer[..n].ToString();
    }

    /// <summary>
    /// Normalizes <paramref name="value"/> into <paramref name="destination"/> and returns its length,
    /// or sets <paramref name="large"/> when the result did not fit (rare: NFKC expands a few
    /// characters up to 18-fold).
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> value, Span<char> destination, out string? large)
    {
        large = null;
        ReadOnlySpan<char> source = value;
        if (!value.ContainsAnyExcept(Unchanged) && value.Length <= destination.Length)
        {
            // Most hashed values (FBI and booking numbers) are already normalized: copy them.
            value.CopyTo(destination);
            return value.Length;
        }

        if (Ascii.IsValid(value))
        {
            return CollapseAscii(value, destination);
        }
        else
        {
            // ASCII is already NFKC, so only other text pays for a string and the ICU call.
            source = value.ToString().Normalize(NormalizationForm.FormKC);
            if (source.Length * 2 + 4 > destination.Length)
            {
                var big = new char[source.Length * 2 + 4];
                large = big.AsSpan(0, Collapse(source, big)).ToString();
                return 0;
            }
        }

        return Collapse(source, destination);
    }

    // The same as Collapse for ASCII text (which NFKC leaves unchanged), without decoding runes: the
    // values hashed most (FBI and booking numbers) are ASCII. ASCII white space is U+0009-U+000D and
    // U+0020, as char.IsWhiteSpace has it.
    private static int CollapseAscii(ReadOnlySpan<char> source, Span<char> destination)
    {
        var n = 0;
        var pendingSpace = false;
        foreach (var c in source)
        {
            if (c == ' ' || (uint)(c - '\t') <= '\r' - '\t')
            {
                pendingSpace = n > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[n++] = ' ';
                pendingSpace = false;
            }

            destination[n++] = char.IsAsciiLetterLower(c) ? (char)(c - ('a' - 'A')) : c;
        }

        return n;
    }

    // Trim, collapse white space, upper-case; rune by rune so supplementary letters are handled.
    private static int Collapse(ReadOnlySpan<char> source, Span<char> destination)
    {
        var n = 0;
        var pendingSpace = false;
        while (!source.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(source, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            source = source[used..];
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = n > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[n++] = ' ';
                pendingSpace = false;
            }

            n += Rune.ToUpperInvariant(rune).EncodeToUtf16(destination[n..]);
        }

        return n;
    }
}
