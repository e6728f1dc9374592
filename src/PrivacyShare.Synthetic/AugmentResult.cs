using System.Collections.Immutable;
using PrivacyShare.Import;

namespace PrivacyShare.Synthetic;

/// <summary>What <see cref="Augmenter.Run"/> read, filled and wrote.</summary>
public sealed class AugmentResult
{
    /// <summary>The extract written (when <see cref="Written"/>).</summary>
    public string OutputPath { get; internal init; } = "";

    /// <summary>Rows read from the export.</summary>
    public long Rows { get; internal init; }

    /// <summary>Whether the extract was written: only when the export's mapped values had no problem.</summary>
    public bool Written { get; internal init; }

    /// <summary>The problems in the export's mapped values, as <c>import --check</c> lists them; nothing is written when there is one.</summary>
    public ImmutableArray<ImportProblem> Problems { get; internal init; } = [];

    /// <summary>The canonical columns given synthetic values (the ones the mapping has no rule for, and dob when the export gives ages).</summary>
    public ImmutableArray<string> Filled { get; internal init; } = [];

    /// <summary>The synthetic people the rows were given (0 when the export has its own identities).</summary>
    public long People { get; internal init; }

    /// <summary>How many of them have two or more of the rows.</summary>
    public long PeopleWithRepeats { get; internal init; }

    /// <summary>Rows with an IDENT match.</summary>
    public long IdentMatches { get; internal init; }

    /// <summary>Rows with a detainer.</summary>
    public long Detainers { get; internal init; }

    /// <summary>Rows with a removal.</summary>
    public long Removals { get; internal init; }
}
