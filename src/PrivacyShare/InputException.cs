using System.Text;

namespace PrivacyShare;

/// <summary>
/// Input that PrivacyShare cannot use: a missing or unreadable file, a malformed CSV, a value outside
/// its code list. The message names the file and, where there is one, the line and the column.
/// </summary>
public sealed class InputException : PrivacyShareException
{
    /// <summary>An error in <paramref name="path"/>, at <paramref name="line"/> and <paramref name="column"/> when known.</summary>
    public InputException(string path, long? line, string? column, string problem, Exception? inner = null)
        : base(Format(path, line, column, problem), inner)
    {
        Path = path;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file the problem is in, as the user named it.</summary>
    public string Path { get; }

    /// <summary>The 1-based line number, when the problem is in one line.</summary>
    public long? Line { get; }

    /// <summary>The column (field) name, when the problem is in one field.</summary>
    public string? Column { get; }

    /// <summary>The problem itself, without the location.</summary>
    public string Problem { get; }

    private static string Format(string path, long? line, string? column, string problem)
    {
        var sb = new StringBuilder(path);
        if (line is { } l)
        {
            sb.Append(':').Append(l);
        }

        sb.Append(": ");
        if (column is not null)
        {
            sb.Append("field '").Append(column).Append("': ");
        }

        return sb.Append(problem).ToString();
    }
}
