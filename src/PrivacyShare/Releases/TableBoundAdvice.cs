using System.Collections.Immutable;

namespace PrivacyShare.Releases;

/// <summary>The advice for one table's <c>max_records_per_person</c>.</summary>
public sealed class TableBoundAdvice
{
    internal TableBoundAdvice(string table, string stages, int specBound, int? recommended, ImmutableArray<BoundOption> options, string? note)
    {
        Table = table;
        Stages = stages;
        SpecBound = specBound;
        Recommended = recommended;
        Options = options;
        Note = note;
    }

    /// <summary>The table's name.</summary>
    public string Table { get; }

    /// <summary>The stages its bound applies to (arrests, or the matched, detained, removed ones).</summary>
    public string Stages { get; }

    /// <summary>The bound the spec gives it.</summary>
    public int SpecBound { get; }

    /// <summary>The bound with the narrowest expected intervals; null when the table is not advised (<see cref="Note"/>).</summary>
    public int? Recommended { get; }

    /// <summary>Every bound weighed, with its expected width.</summary>
    public ImmutableArray<BoundOption> Options { get; }

    /// <summary>Why a table is not advised, when it is not.</summary>
    public string? Note { get; }
}
