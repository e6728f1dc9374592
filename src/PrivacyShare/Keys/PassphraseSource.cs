namespace PrivacyShare.Keys;

/// <summary>
/// Supplies a passphrase as UTF-8 bytes when a key needs one. The library never reads the console or
/// the command line: the CLI decides where passphrases come from (a file, an environment variable, a
/// prompt) and hands the bytes over. The caller clears the returned array after use.
/// </summary>
/// <param name="purpose">What the passphrase is for, to show in a prompt.</param>
/// <param name="confirm">True when creating a key: ask twice.</param>
public delegate byte[] PassphraseSource(string purpose, bool confirm);
