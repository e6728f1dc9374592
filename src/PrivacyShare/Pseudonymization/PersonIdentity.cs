using System.Collections.Immutable;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// How a person is recognized across records: the normalized <see cref="Primary"/> columns when all
/// are non-empty, else the normalized <see cref="Fallback"/> columns, joined by the byte 0x1F. The
/// default: FBI number, else last name, first name and date of birth.
/// </summary>
/// <param name="Output">The output column holding the person's pseudonym (and its HMAC domain).</param>
/// <param name="Primary">The preferred identity columns.</param>
/// <param name="Fallback">The identity columns used when a primary one is empty.</param>
internal sealed record PersonIdentity(string Output, ImmutableArray<string> Primary, ImmutableArray<string> Fallback)
{
    /// <summary>Every column the identity reads.</summary>
    public IEnumerable<string> Columns => Primary.Concat(Fallback);
}
