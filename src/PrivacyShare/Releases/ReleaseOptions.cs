namespace PrivacyShare.Releases;

/// <summary>What <see cref="Releaser.Run"/> should publish.</summary>
public sealed class ReleaseOptions
{
    /// <summary>The input: the canonical extract or the output of pseudonymize.</summary>
    public required string InputPath { get; init; }

    /// <summary>
    /// Where to read the records from instead of <see cref="InputPath"/>'s file (a program that holds
    /// them in memory or on a network stream); <see cref="InputPath"/> then only names them in messages.
    /// Read once, left open.
    /// </summary>
    public Stream? InputStream { get; init; }

    /// <summary>The spec.</summary>
    public required ReleaseSpec Spec { get; init; }

    /// <summary>The release folder to create; it must not exist.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// For a spec that declares a calendar: the period to release, as the operator writes it (2009-03,
    /// 2009-Q1, 2009). The input is the extract as known at the end of that period; the release measures
    /// what is new since the calendar's last release. Null for a one-shot release.
    /// </summary>
    public string? Period { get; init; }

    /// <summary>The ledger file; null for the default location.</summary>
    public string? LedgerPath { get; init; }

    /// <summary>The ledger key file; null for <see cref="Ledger.LedgerKey.ResolvePath"/>'s default.</summary>
    public string? LedgerKeyPath { get; init; }

    /// <summary>
    /// The key that signs datapackage.json (datapackage.json.minisig, minisign's format). Null makes an
    /// unsigned draft, which the command line allows only with --unsigned.
    /// </summary>
    public Signing.SigningKey? SigningKey { get; init; }

    /// <summary>
    /// Told, before the budget is charged, what the operator must know about this release before it
    /// spends: the periods it reads that earlier releases of the dataset published already (they are
    /// published again, with new noise, and charged again). Each call is one sentence.
    /// </summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Told where the release is: "counting" (with rows), then "charging the budget", "estimating", "writing and signing".</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }
}
