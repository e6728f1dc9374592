using Bogus;
using PrivacyShare.Internals;

namespace PrivacyShare.Synthetic;

/// <summary>
/// Bogus' name lists for one locale, copied out once. Drawing by index from a plain array is what
/// makes the generator fast: Bogus' <c>f.Person</c> builds a whole person (about 23 µs) per call.
/// </summary>
internal sealed class NameTables
{
    private NameTables(string[] male, string[] female, string[] last)
    {
        MaleFirst = male;
        FemaleFirst = female;
        Last = last;
    }

    public string[] MaleFirst { get; }

    public string[] FemaleFirst { get; }

    public string[] Last { get; }

    public static NameTables For(string locale)
    {
        string[] List(params string[] keys)
        {
            foreach (var key in keys)
            {
                if (Database.HasKey("name", key, locale, fallbackLocale: null!))
                {
                    var array = (Bogus.Bson.BArray)Database.Get("name", key, locale);
                    return Enumerable.Range(0, array.Count)
                        .Select(i => array[i].StringValue.ToUpperInvariant())
                        .Where(s => s.Length > 0)
                        .ToArray();
                }
            }

            throw Throw.Bug($"Bogus locale '{locale}' has no name list ({string.Join(", ", keys)})");
        }

        return new NameTables(
            List("male_first_name", "first_name"),
            List("female_first_name", "first_name"),
            List("last_name", "male_last_name"));
    }
}
