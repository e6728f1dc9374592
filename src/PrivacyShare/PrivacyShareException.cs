namespace PrivacyShare;

/// <summary>
/// The base of every error PrivacyShare reports to its user: a problem with their input, files,
/// keys or budget, as opposed to a bug. The message is written to be shown as it is.
/// </summary>
public abstract class PrivacyShareException : Exception
{
    private protected PrivacyShareException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
