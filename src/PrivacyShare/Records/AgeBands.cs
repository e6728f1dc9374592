namespace PrivacyShare.Records;

/// <summary>The age bands of published arrest statistics.</summary>
internal static class AgeBands
{
    public static readonly string[] Labels = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    private static readonly int[] LowerBounds = [0, 18, 25, 35, 45, 55, 65];

    /// <summary>Whole years of age at <paramref name="at"/>; negative when born after it.</summary>
    public static int AgeAt(DateOnly dob, DateOnly at)
    {
        var age = at.Year - dob.Year;
        return dob.AddYears(age) > at ? age - 1 : age;
    }

    public static string Label(int age)
    {
        var i = LowerBounds.Length - 1;
        while (LowerBounds[i] > age)
        {
            i--;
        }

        return Labels[i];
    }
}
