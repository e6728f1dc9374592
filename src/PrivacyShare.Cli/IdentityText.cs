using PrivacyShare.Pseudonymization;

namespace PrivacyShare.Cli;

/// <summary>What identity linkage found, in the operator's words (pseudonymize and release).</summary>
internal static class IdentityText
{
    public static void Write(TextWriter stderr, IdentityLinkage? linkage)
    {
        if (linkage is null)
        {
            return;
        }

        var birth = linkage.ByAge ? "age at arrest (namesakes born a year or two apart may be joined)" : "date of birth";
        stderr.WriteLine($"identities (exact, for the records unit only): {linkage.People:N0} people, linked by FBI number or by name and {birth} (docs/identity.md)");
        if (linkage.SeveralFbiNumbers > 0)
        {
            stderr.WriteLine($"  check: {linkage.SeveralFbiNumbers:N0} people carry several FBI numbers under one name and {(linkage.ByAge ? "age" : "date of birth")}; they are counted as one person each. If they are different people, fix their records.");
        }

        if (linkage.FbiWithSeveralBirthDates > 0)
        {
            stderr.WriteLine($"  check: {linkage.FbiWithSeveralBirthDates:N0} FBI numbers appear with several dates of birth; each is counted as one person. Fix a mistyped FBI number or date of birth.");
        }
    }
}
