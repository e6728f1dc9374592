namespace PrivacyShare;

/// <summary>
/// An operation PrivacyShare will not do because it would lose data, leak a secret or overspend a
/// privacy budget: an output that already exists, a key file others can read. The message says how
/// to proceed safely; <see cref="Reason"/> lets a front end add its own way forward.
/// </summary>
public sealed class RefusedException : PrivacyShareException
{
    /// <summary>A refusal, with a message that says how to proceed safely.</summary>
    public RefusedException(string message, Refusal reason = Refusal.Other)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Why, where a front end can offer a remedy of its own.</summary>
    public Refusal Reason { get; }
}
