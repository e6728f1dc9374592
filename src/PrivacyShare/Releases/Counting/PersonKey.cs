namespace PrivacyShare.Releases.Counting;

/// <summary>
/// A person's identity as a 128-bit keyed hash, in two 8-byte halves: 8-byte alignment keeps a map
/// entry at 32 bytes, where UInt128's 16-byte alignment would pad it to 48.
/// </summary>
internal readonly record struct PersonKey(ulong High, ulong Low)
{
    // The halves are already uniformly random (a keyed hash), so any 32 bits of them hash well.
    public override int GetHashCode() => unchecked((int)Low);
}
