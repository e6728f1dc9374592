namespace PrivacyShare.Pseudonymization;

/// <summary>What a policy does with one input column.</summary>
internal enum ColumnAction
{
    /// <summary>Copy the value (codes and dates are validated and normalized).</summary>
    Keep,

    /// <summary>Leave the column out.</summary>
    Drop,

    /// <summary>Replace the value by its keyed pseudonym; the column's output name is the domain.</summary>
    Pseudonymize,

    /// <summary>Replace the value by a coarser one (<see cref="GeneralizeRule"/>).</summary>
    Generalize,

    /// <summary>Use the value only inside the person identity; it is not output.</summary>
    Person,
}
