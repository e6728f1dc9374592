using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PrivacyShare.Internals;

namespace PrivacyShare.Ledger;

/// <summary>
/// What a calendar has measured (docs/calendar.md, "The calendar store"): per booking, its keyed hash,
/// its person, the stage it has reached and the period each of its events was first recorded in, and
/// which events were within each bound; per person, the events each bound has counted, across every
/// release of the calendar. Keys are HMAC-SHA256 under the ledger key of the extract's pseudonymous
/// booking_id and person_id, cut to 16 bytes: no identifier, no count of a cell.
/// </summary>
/// <remarks>
/// <para>A store is one file, named by its SHA-256, mode 0600, in a folder beside the ledger
/// (<c>LEDGER.calendar/DATASET/</c>), and ends with HMAC-SHA256 under the ledger key of everything before
/// it. A release writes the new store before its charge and names its hash in the charge's ledger entry,
/// in the same transaction: after a crash the ledger names the store of the last charge, so the caps of
/// what that release read are consumed as its epsilon is. Older files are removed once a newer one is
/// named; the store grows with bookings and people, never with releases.</para>
/// <para>A person whose bookings are joined or split by a later extract (a new FBI number linking two
/// identities) is merged, never split: the merged person's counts are the sum of both, so a person's
/// events are never capped twice (conservative; docs/calendar.md).</para>
/// </remarks>
internal sealed class CalendarStore
{
    /// <summary>The file's first bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "privacyshare-calendar-store/1\n"u8;

    private const int MacSize = 32;

    /// <summary>The most bound classes a store records: a booking keeps one bit per event kind and class in 32 bits.</summary>
    public const int MaxClasses = 8;

    private readonly Dictionary<UInt128, int> _bookings = [];
    private readonly Dictionary<UInt128, int> _people = [];
    private readonly List<Booking> _bookingList = [];
    private readonly List<PersonEntry> _personList = [];
    private readonly List<ushort> _counts = []; // per person, per class: flat, so a store of 400,000 people is one array

    public CalendarStore(string dataset, string design, int classes)
    {
        if (classes is < 1 or > MaxClasses)
        {
            throw Throw.Bug($"a calendar store of {classes} bound classes; the spec allows 1 to {MaxClasses}");
        }

        Dataset = dataset;
        Design = design;
        Classes = classes;
    }

    /// <summary>The dataset.</summary>
    public string Dataset { get; }

    /// <summary>
    /// The fingerprint of what the store's meaning rests on: the calendar, the bound classes (bound and
    /// event kinds), the extract's identity columns. A spec changed mid-calendar gives another and is refused.
    /// </summary>
    public string Design { get; }

    /// <summary>The number of bound classes (each table's cap is its class's).</summary>
    public int Classes { get; }

    /// <summary>The index of the last regular period measured, or -1.</summary>
    public int LastPeriod { get; set; } = -1;

    /// <summary>The bookings measured.</summary>
    public int BookingCount => _bookingList.Count;

    /// <summary>The people (after merges, roots and merged ones alike).</summary>
    public int PersonCount => _personList.Count;

    /// <summary>The booking with key <paramref name="key"/>, or -1.</summary>
    public int FindBooking(UInt128 key) => _bookings.TryGetValue(key, out var i) ? i : -1;

    /// <summary>The booking at <paramref name="index"/>, by reference: the counter updates it in place.</summary>
    public ref Booking BookingAt(int index) => ref CollectionsMarshal.AsSpan(_bookingList)[index];

    /// <summary>Adds a booking first seen now, of person <paramref name="person"/>; returns its index.</summary>
    public int AddBooking(UInt128 key, int person)
    {
        _bookingList.Add(new Booking { Key = key, Person = person, Stage = -1, Seen = new Seen { P0 = -1, P1 = -1, P2 = -1, P3 = -1 } });
        _bookings.Add(key, _bookingList.Count - 1);
        return _bookingList.Count - 1;
    }

    /// <summary>The person with key <paramref name="key"/>, added when new; returns its index (not its root).</summary>
    public int Person(UInt128 key)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_people, key, out var existed);
        if (!existed)
        {
            _personList.Add(new PersonEntry(key, _personList.Count));
            for (var c = 0; c < Classes; c++)
            {
                _counts.Add(0);
            }

            index = _personList.Count - 1;
        }

        return index;
    }

    /// <summary>The root of a person's merged group: whose counts hold.</summary>
    public int Root(int person)
    {
        var people = CollectionsMarshal.AsSpan(_personList);
        while (people[person].Parent != person)
        {
            var parent = people[person].Parent;
            people[person].Parent = people[parent].Parent; // path halving
            person = parent;
        }

        return person;
    }

    /// <summary>Merges two people (a booking changed person): the root of the merged group counts both groups' events.</summary>
    public int Merge(int a, int b)
    {
        a = Root(a);
        b = Root(b);
        if (a == b)
        {
            return a;
        }

        var counts = CollectionsMarshal.AsSpan(_counts);
        for (var c = 0; c < Classes; c++)
        {
            counts[a * Classes + c] = (ushort)Math.Min(ushort.MaxValue, counts[a * Classes + c] + counts[b * Classes + c]);
        }

        CollectionsMarshal.AsSpan(_personList)[b].Parent = a;
        return a;
    }

    /// <summary>The events bound class <paramref name="c"/> has counted for the root <paramref name="root"/>, by reference.</summary>
    public ref ushort Count(int root, int c) => ref CollectionsMarshal.AsSpan(_counts)[root * Classes + c];

    /// <summary>The file's bytes: the store, then its MAC under <paramref name="key"/>.</summary>
    public byte[] Serialize(LedgerKey key)
    {
        // Sized for everything at once (39 bytes a booking, 20 plus 2 per class a person, the MAC): no
        // copy while it grows, and the MAC is appended in place rather than by copying the whole body.
        using var bytes = new MemoryStream(checked(256 + Dataset.Length * 4 + Design.Length * 4 + _bookingList.Count * 39 + _personList.Count * (20 + 2 * Classes) + MacSize));
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Dataset);
            w.Write(Design);
            w.Write(Classes);
            w.Write(LastPeriod);
            w.Write(_bookingList.Count);
            Span<byte> k = stackalloc byte[16];
            foreach (var b in _bookingList)
            {
                BinaryPrimitives.WriteUInt128LittleEndian(k, b.Key);
                w.Write(k);
                w.Write(b.Person);
                w.Write(b.Stage);
                w.Write(b.Seen.P0);
                w.Write(b.Seen.P1);
                w.Write(b.Seen.P2);
                w.Write(b.Seen.P3);
                w.Write(b.Capped);
                w.Write(b.Dropped);
            }

            w.Write(_personList.Count);
            for (var i = 0; i < _personList.Count; i++)
            {
                BinaryPrimitives.WriteUInt128LittleEndian(k, _personList[i].Key);
                w.Write(k);
                w.Write(_personList[i].Parent);
                for (var c = 0; c < Classes; c++)
                {
                    w.Write(_counts[i * Classes + c]);
                }
            }
        }

        var mac = key.Mac(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
        bytes.Write(mac);
        return bytes.ToArray();
    }

    /// <summary>
    /// Reads a store file's bytes, authenticated by <paramref name="key"/>; <paramref name="path"/> names it in messages.
    /// </summary>
    /// <exception cref="RefusedException">The MAC does not match, or the bytes are not a store: it was changed, cut or written under another ledger key.</exception>
    public static CalendarStore Deserialize(byte[] file, LedgerKey key, string path)
    {
        if (file.Length < Magic.Length + MacSize || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Throw.StoreBroken(path, "is not a PrivacyShare calendar store");
        }

        var body = file.AsSpan(0, file.Length - MacSize);
        if (!CryptographicOperations.FixedTimeEquals(key.Mac(body), file.AsSpan(file.Length - MacSize)))
        {
            throw Throw.StoreBroken(path, $"does not authenticate under the ledger key {key.Id}: it was changed, or written under another ledger key");
        }

        // Read from the bytes directly: a store of 600,000 bookings is read at every monthly release.
        var reader = new SpanReader(file.AsMemory(Magic.Length, body.Length - Magic.Length), path);
        var store = new CalendarStore(reader.String(), reader.String(), reader.Int32()) { LastPeriod = reader.Int32() };
        var bookings = reader.Int32();
        store._bookings.EnsureCapacity(bookings);
        store._bookingList.Capacity = bookings;
        for (var i = 0; i < bookings; i++)
        {
            store._bookingList.Add(new Booking
            {
                Key = reader.UInt128(),
                Person = reader.Int32(),
                Stage = (sbyte)reader.Byte(),
                Seen = new Seen { P0 = reader.Int16(), P1 = reader.Int16(), P2 = reader.Int16(), P3 = reader.Int16() },
                Capped = reader.UInt32(),
                Dropped = reader.UInt32(),
            });
        }

        // The bookings' index fills on the other core while the people are read: 600,000 inserts into a
        // table larger than the cache take about as long as reading every person (month 120: 130 ms each).
        var index = Task.Run(() =>
        {
            for (var i = 0; i < store._bookingList.Count; i++)
            {
                store._bookings.Add(store._bookingList[i].Key, i);
            }
        });
        var people = reader.Int32();
        store._people.EnsureCapacity(people);
        store._personList.Capacity = people;
        store._counts.Capacity = people * store.Classes;
        for (var i = 0; i < people; i++)
        {
            var personKey = reader.UInt128();
            store._personList.Add(new PersonEntry(personKey, reader.Int32()));
            for (var c = 0; c < store.Classes; c++)
            {
                store._counts.Add(reader.UInt16());
            }

            store._people.Add(personKey, i);
        }

        index.GetAwaiter().GetResult();
        return reader.AtEnd ? store : throw Throw.StoreBroken(path, "has bytes after its last person");
    }

    /// <summary>A booking: its keyed hash, person, stage reached (-1 before any), the period each event was first recorded in, and which of its events each bound counted.</summary>
    internal struct Booking
    {
        public UInt128 Key;
        public int Person;
        public sbyte Stage;
        public Seen Seen;

        /// <summary>Bit 8k + c: the event of kind k was within bound class c's cap.</summary>
        public uint Capped;

        /// <summary>Bit 8k + c: the event of kind k was beyond class c's cap but within twice it (counted in the dropped-records count).</summary>
        public uint Dropped;
    }

    /// <summary>The period index each event kind was first recorded in; -1 when not yet.</summary>
    internal struct Seen
    {
        public short P0;
        public short P1;
        public short P2;
        public short P3;

        public short this[int kind]
        {
            readonly get => kind switch { 0 => P0, 1 => P1, 2 => P2, _ => P3 };
            set
            {
                switch (kind)
                {
                    case 0: P0 = value; break;
                    case 1: P1 = value; break;
                    case 2: P2 = value; break;
                    default: P3 = value; break;
                }
            }
        }
    }

    private struct PersonEntry(UInt128 key, int parent)
    {
        public UInt128 Key = key;
        public int Parent = parent;
    }
}
