namespace PrivacyShare.Internals;

/// <summary>The names a dataset or table may have: they name files, ledger entries and data packages.</summary>
internal static class Slug
{
    /// <summary>1 to 100 of a-z 0-9 . _ -, starting with a letter or digit.</summary>
    // ^[a-z0-9][a-z0-9._-]*$, by hand: a regex costs a cold query about 14 ms to compile.
    public static bool IsValid(string text) =>
        text.Length is > 0 and <= 100 && char.IsAsciiLetterLower(text[0]) | char.IsAsciiDigit(text[0]) &&
        text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
}
