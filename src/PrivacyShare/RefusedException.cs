namespace PrivacyShare;

/// <summary>
/// An operation PrivacyShare will not do because it would lose data, leak a secret or overspend a
/// privacy budget: an output that already exists, a key file others can read. The message says how
/// to proceed safely.
/// </summary>
public sealed class RefusedException : PrivacyShareException
{
    internal RefusedException(string message)
        : base(message)
    {
    }
}
