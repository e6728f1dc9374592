namespace PrivacyShare.Internals;

/// <summary>
/// The one place the library makes its exceptions (as NSec's <c>Error</c> and Sep's <c>SepThrow</c>):
/// callers write <c>throw Throw.Input(...)</c>, so a throw stays an expression where that reads best.
/// Every message says what is wrong with which value, then how to fix it; a value from the data is
/// quoted only through <see cref="Show"/>, so no record's text reaches an error message, or a log, in full.
/// </summary>
internal static class Throw
{
    /// <summary>How many characters of a value from the data a message may quote.</summary>
    public const int ShownCharacters = 8;

    /// <summary>An input error: the file, its line and column or field where known, and the problem.</summary>
    public static InputException Input(string path, long? line, string? column, string problem, Exception? inner = null) =>
        new(path, line, column, problem, inner);

    /// <summary>A refusal, with the safe way forward in the message.</summary>
    public static RefusedException Refused(string message, Refusal reason = Refusal.Other) => new(message, reason);

    /// <summary>A caller's argument is out of range.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string parameter, string message) => new(parameter, message);

    /// <summary>A caller's argument is out of range; the value is shown.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string parameter, object? value, string message) => new(parameter, value, message);

    /// <summary>A caller's argument is invalid.</summary>
    public static ArgumentException Argument(string message, string? parameter = null) => new(message, parameter);

    /// <summary>Text is not in the expected format.</summary>
    public static FormatException Format(string message) => new(message);

    /// <summary>JSON that a converter cannot read (System.Text.Json turns it into a located error).</summary>
    public static System.Text.Json.JsonException Json(string message) => new(message);

    /// <summary>An operation failed on the file system.</summary>
    public static IOException IO(string message, Exception? inner = null) => new(message, inner);

    /// <summary>A state the code guarantees cannot arise did.</summary>
    public static InvalidOperationException Bug(string message) => new(message);

    /// <summary>The object was disposed.</summary>
    public static ObjectDisposedException Disposed(string name) => new(name);

    /// <summary>A zero denominator.</summary>
    public static DivideByZeroException DivideByZero(string message) => new(message);

    /// <summary>
    /// A value from the data as a message may quote it: its first <see cref="ShownCharacters"/>
    /// characters, and its length when longer. Enough to find the cell; not enough to copy a name and
    /// birth date typed into the wrong column into an error, a terminal or a log.
    /// </summary>
    public static string Show(ReadOnlySpan<char> value) =>
        value.Length <= ShownCharacters ? value.ToString() : $"{value[..ShownCharacters]}... ({value.Length} characters)";
}
