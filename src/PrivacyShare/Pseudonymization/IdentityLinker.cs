using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PrivacyShare.Internals;

namespace PrivacyShare.Pseudonymization;

/// <summary>
/// Links records into people: records that share a primary key (FBI number) or a fallback key (name
/// and date of birth) are one person, transitively (union-find with path halving and union by rank;
/// Tarjan 1975). One pass adds every record's keys (<see cref="Link(Batch, int, Span{int})"/>); after <see cref="Finish"/>,
/// <see cref="Find"/> names each record's person and is safe to call from many threads.
/// </summary>
/// <remarks>
/// <para>Keys are kept only as 64-bit XXH3 values under a random per-run seed (never the text, unless
/// representatives are asked for), so memory grows with the number of distinct keys (one or two per
/// person), not with the number of records.</para>
/// <para>The person table is compact (issue #22): the hashes number the nodes in a <see cref="HashIndex"/>
/// and the union-find arrays are indexed by node. A Dictionary of 128-bit keys took 40 bytes an entry
/// before its buckets and growth. The arrays live outside the garbage-collected heap
/// (<see cref="NativeBuffer{T}"/>), so a growth leaves no old array behind, and the ones only linking needs
/// are freed by <see cref="Finish"/>, before the counting pass allocates its own.
/// Two different keys with one 64-bit hash (for 20 million keys, about one chance in 90,000 per run)
/// are taken as one key: the two people are one to the release, which caps their records together, so
/// no person ever contributes more than a bound allows, as with namesakes linked by name and birth date.</para>
/// </remarks>
internal sealed class IdentityLinker : IDisposable
{
    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
    private readonly HashIndex _nodes = new(); // each key's hash to its node number
    private readonly bool _representatives;
    private readonly NativeBuffer<int> _parent = new(1024, zeroed: false);
    private readonly NativeBuffer<byte> _rank = new(1024, zeroed: false); // union by rank: at most log2 of the keys, so a byte holds it
    private readonly NativeBuffer<int> _birth = new(1024, zeroed: false); // per primary node: the first birth date linked to it, -1 none, Conflict when several
    private readonly NativeBuffer<bool> _isPrimary = new(1024, zeroed: false);
    private string?[] _text = [];
    private bool _finished;
    private readonly bool _byAge;

    private const int Conflict = int.MinValue;

    /// <param name="keys">The keys the records are linked by (whether an age stands for the birth date).</param>
    /// <param name="representatives">
    /// Keep each person's representative key text (the smallest primary key, else the smallest fallback
    /// key, in ordinal order), for pseudonyms that do not depend on the order of the records.
    /// </param>
    public IdentityLinker(IdentityKeys keys, bool representatives = false)
    {
        _byAge = keys.ByAge;
        _representatives = representatives;
        if (representatives)
        {
            _text = new string?[1024];
        }
    }

    /// <summary>The number of distinct keys seen.</summary>
    public int Nodes => _nodes.Count;

    /// <summary>A key as the linker stores it: which kind, and its hash.</summary>
    public Key Hash(ReadOnlySpan<char> text, bool primary)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), primary ? _seed : ~_seed);
        return new Key(hash, primary);
    }

    /// <summary>
    /// Links every record of <paramref name="reader"/> (which it disposes) for which
    /// <paramref name="include"/> holds: keys are built on all cores, linked on one thread.
    /// </summary>
    public static IdentityLinker Run(Internals.Csv.CsvTableReader reader, IdentityKeys keys, Func<Internals.Csv.CellBatch, int, bool> include, bool representatives, IProgress<PipelineProgress>? progress)
    {
        using var input = reader;
        var linker = new IdentityLinker(keys, representatives);
        var linked = false;
        try
        {
            Internals.Csv.BatchPipeline.Run(reader, () => new Batch(),
                (cells, batch) => batch.Fill(linker, keys, cells, include),
                batch =>
                {
                    linker.Link(batch, batch.Count, []);
                    if (batch.Error is { } error)
                    {
                        throw error;
                    }
                },
                progress,
                "linking identities");
            linked = true;
        }
        catch (InputException e)
        {
            // Linking reads fewer fields than the pass after it, which reports the first error in file
            // order: an earlier bad value in another field, else this one again. Every row before this
            // error is linked, so that pass never meets an unlinked row before it fails.
            linker.Error = e;
            linked = true;
        }
        finally
        {
            if (!linked)
            {
                linker.Dispose();
            }
        }

        return linker;
    }

    /// <summary>The input error that stopped linking; the next pass fails at or before it.</summary>
    public InputException? Error { get; private set; }

    /// <summary>
    /// The person of row <paramref name="row"/> (after <see cref="Finish"/>; thread-safe), or -1 when
    /// the row has no identity at all.
    /// </summary>
    public int PersonOf(IdentityKeys keys, Internals.Csv.CellBatch input, int row)
    {
        // A record's primary key names its person; only a record without one needs its fallback key,
        // so most records skip the name normalization here.
        Span<char> key = stackalloc char[IdentityKeys.MaxLength];
        var p = keys.BuildPrimary(input, row, key);
        if (p > 0)
        {
            return Find(Hash(key[..p], true), null);
        }

        var f = keys.BuildFallback(input, row, key);
        return f == 0 ? -1 : Find(null, Hash(key[..f], false));
    }

    /// <summary>
    /// Links the first <paramref name="rows"/> rows of <paramref name="batch"/> (built by
    /// <see cref="Batch.Fill"/>), in order, and gives each row's node in <paramref name="nodes"/> when it
    /// is not empty: its primary key's, else its fallback key's, <see cref="Unlinked"/> when it has neither.
    /// </summary>
    public void Link(Batch batch, int rows, Span<int> nodes)
    {
        var extra = 0;
        for (var r = 0; r < rows; r++)
        {
            var node = Unlinked;
            if (batch.Primary[r] is not null || batch.Fallback[r] is not null)
            {
                node = Link(batch.Primary[r], batch.Fallback[r], batch.Birth[r], batch.PrimaryText[r], batch.FallbackText[r]);
            }

            if (!nodes.IsEmpty)
            {
                nodes[r] = node;
            }

            // The record's other birth-year keys (an age, not a birth date): one person.
            for (; extra < batch.Extra.Count && batch.Extra[extra].Row == r; extra++)
            {
                LinkAlso(batch.Fallback[r]!.Value, batch.Extra[extra].Key, batch.Extra[extra].Text);
            }
        }
    }

    /// <summary>The node of a row without keys (outside the records linked, or with no identity).</summary>
    public const int Unlinked = -1;

    /// <summary>The person of a node <see cref="Link(Batch, int, Span{int})"/> gave, after <see cref="Finish"/>; thread-safe.</summary>
    public int PersonOfNode(int node) => _parent[node];

    /// <summary>Adds one record's keys (either may be null, not both) and returns the record's node: its primary key's, else its fallback key's.</summary>
    public int Link(Key? primary, Key? fallback, int birth, string? primaryText = null, string? fallbackText = null)
    {
        if (_finished)
        {
            throw Throw.Bug("the linker is finished");
        }

        var p = primary is { } pk ? Node(pk, primaryText) : -1;
        var f = fallback is { } fk ? Node(fk, fallbackText) : -1;
        if (p >= 0 && birth >= 0)
        {
            ref var b = ref _birth[p];
            b = b == -1 ? birth : b == birth ? b : Conflict;
        }

        if (p >= 0 && f >= 0)
        {
            Union(p, f);
        }

        return p >= 0 ? p : f;
    }

    /// <summary>Adds <paramref name="also"/> as another fallback key of the record whose fallback key is <paramref name="fallback"/>.</summary>
    public void LinkAlso(Key fallback, Key also, string? alsoText = null)
    {
        if (_finished)
        {
            throw Throw.Bug("the linker is finished");
        }

        Union(Node(fallback, null), Node(also, alsoText));
    }

    /// <summary>Ends linking: every key points straight at its person, and the counts are known.</summary>
    public IdentityLinkage Finish()
    {
        if (_finished)
        {
            throw Throw.Bug("the linker is finished");
        }

        _finished = true;
        var n = _nodes.Count;
        long people = 0, severalPrimary = 0, severalBirths = 0;
        var parent = _parent.Span[..n];
        var birth = _birth.Span[..n];
        var isPrimary = _isPrimary.Span[..n];
        for (var i = 0; i < n; i++)
        {
            parent[i] = Root(i);
            severalBirths += isPrimary[i] && birth[i] == Conflict ? 1 : 0;
        }

        // The birth dates are counted; their array now counts each person's primary keys.
        var primaries = birth;
        primaries.Clear();
        for (var i = 0; i < n; i++)
        {
            primaries[parent[i]] += isPrimary[i] ? 1 : 0;
        }

        for (var i = 0; i < n; i++)
        {
            if (parent[i] == i)
            {
                people++;
                severalPrimary += primaries[i] > 1 ? 1 : 0;
            }
        }

        // Find needs only the keys and each one's person.
        _rank.Dispose();
        _birth.Dispose();
        _isPrimary.Dispose();
        return new IdentityLinkage(people, severalPrimary, severalBirths, _byAge);
    }

    /// <summary>Frees the person table.</summary>
    public void Dispose()
    {
        _nodes.Dispose();
        _parent.Dispose();
        _rank.Dispose();
        _birth.Dispose();
        _isPrimary.Dispose();
    }

    /// <summary>
    /// The person (a number below <see cref="Nodes"/>) of a record with these keys; -1 when neither key
    /// was linked (the record was not in the linking pass).
    /// </summary>
    public int Find(Key? primary, Key? fallback)
    {
        if (primary is { } p && _nodes.Find(p.Hash) is var i and >= 0)
        {
            return _parent[i];
        }

        return fallback is { } f && _nodes.Find(f.Hash) is var j and >= 0 ? _parent[j] : -1;
    }

    /// <summary>The representative key text of person <paramref name="person"/> (see the constructor).</summary>
    public string Representative(int person) =>
        _text[person] ?? throw Throw.Bug("the linker keeps no representatives");

    private int Node(Key key, string? text)
    {
        var node = _nodes.GetOrAdd(key.Hash, out var added);
        if (!added)
        {
            return node;
        }

        if (node == _parent.Length)
        {
            // By half again, not twice: less slack in the arrays that grow with the people. Each new
            // node's entries are all written below before they are read.
            var grown = _parent.Length + _parent.Length / 2;
            _parent.Resize(grown);
            _rank.Resize(grown);
            _birth.Resize(grown);
            _isPrimary.Resize(grown);
            if (_representatives)
            {
                Array.Resize(ref _text, grown);
            }
        }

        _parent[node] = node;
        _rank[node] = 0;
        _birth[node] = -1;
        _isPrimary[node] = key.Primary;
        if (_representatives)
        {
            _text[node] = (key.Primary ? "P" : "F") + text;
        }

        return node;
    }

    private int Root(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]]; // path halving
            i = _parent[i];
        }

        return i;
    }

    private void Union(int a, int b)
    {
        a = Root(a);
        b = Root(b);
        if (a == b)
        {
            return;
        }

        if (_rank[a] < _rank[b])
        {
            (a, b) = (b, a);
        }

        _parent[b] = a;
        if (_rank[a] == _rank[b])
        {
            _rank[a]++;
        }
        if (_representatives && Better(_text[b]!, _text[a]!))
        {
            _text[a] = _text[b];
        }
    }

    // Primary keys ("P...") come before fallback keys ("F..."), then ordinal order.
    private static bool Better(string x, string y) =>
        x[0] != y[0] ? x[0] == 'P' : string.CompareOrdinal(x, y) < 0;

    /// <summary>One batch's keys, built in parallel.</summary>
    internal sealed class Batch
    {
        public int Count { get; private set; }

        public Key?[] Primary { get; } = new Key?[Internals.Csv.CellBatch.DefaultRows];

        public Key?[] Fallback { get; } = new Key?[Internals.Csv.CellBatch.DefaultRows];

        public int[] Birth { get; } = new int[Internals.Csv.CellBatch.DefaultRows];

        public string?[] PrimaryText { get; } = new string?[Internals.Csv.CellBatch.DefaultRows];

        public string?[] FallbackText { get; } = new string?[Internals.Csv.CellBatch.DefaultRows];

        /// <summary>The further fallback keys of rows with an age (one per birth year it allows), by row.</summary>
        public List<(int Row, Key Key, string? Text)> Extra { get; } = [];

        /// <summary>The error at row <see cref="Count"/>, when one stopped the batch: the rows before it are linked first.</summary>
        public InputException? Error { get; private set; }

        public void Fill(IdentityLinker linker, IdentityKeys keys, Internals.Csv.CellBatch input, Func<Internals.Csv.CellBatch, int, bool> include)
        {
            Error = null;
            Extra.Clear();
            Count = input.Count;
            for (var r = 0; r < input.Count; r++)
            {
                try
                {
                    FillRow(linker, keys, input, r, include);
                }
                catch (InputException e)
                {
                    Count = r;
                    Error = e;
                    return;
                }
            }
        }

        private void FillRow(IdentityLinker linker, IdentityKeys keys, Internals.Csv.CellBatch input, int r, Func<Internals.Csv.CellBatch, int, bool> include)
        {
            Primary[r] = Fallback[r] = null;
            PrimaryText[r] = FallbackText[r] = null;
            if (!include(input, r))
            {
                return;
            }

            Span<char> primary = stackalloc char[IdentityKeys.MaxLength];
            Span<char> fallback = stackalloc char[IdentityKeys.MaxLength];
            keys.Build(input, r, primary, out var p, fallback, out var f, out var birth, out var yearAt, out var years);
            Birth[r] = birth;
            if (p > 0)
            {
                Primary[r] = linker.Hash(primary[..p], true);
                PrimaryText[r] = linker._representatives ? primary[..p].ToString() : null;
            }

            if (f > 0)
            {
                Fallback[r] = linker.Hash(fallback[..f], false);
                FallbackText[r] = linker._representatives ? fallback[..f].ToString() : null;
                if (yearAt >= 0)
                {
                    var first = int.Parse(fallback.Slice(yearAt, IdentityKeys.YearDigits), System.Globalization.CultureInfo.InvariantCulture) - 10_000;
                    for (var y = 1; y < years; y++)
                    {
                        IdentityKeys.WriteYear(fallback, yearAt, first + y);
                        Extra.Add((r, linker.Hash(fallback[..f], false), linker._representatives ? fallback[..f].ToString() : null));
                    }
                }
            }
        }
    }

    /// <summary>A key's kind and its 64-bit hash.</summary>
    internal readonly record struct Key(ulong Hash, bool Primary);
}
