using System.Text.Json;

namespace PrivacyShare.Internals;

/// <summary>
/// The one place the library makes its exceptions, one named factory per error, as NSec's
/// <c>Error</c> (and Sep's <c>SepThrow</c>): callers write <c>throw Throw.NoSuchFile(path)</c>, so a
/// throw reads as what went wrong and stays an expression where that reads best, and every message
/// can be read, and kept consistent, here. Each says what is wrong with which value, then how to fix
/// it; a value from the data is quoted only through <see cref="Show"/>, so no record's text reaches an
/// error message, or a log, in full. Validators with many rules (a spec's, a policy's, a profile's
/// fields; a CSV cell's) have one factory each, whose problem names the rule.
/// </summary>
internal static class Throw
{
    /// <summary>How many characters of a value from the data a message may quote.</summary>
    public const int ShownCharacters = 8;

    /// <summary>
    /// A value from the data as a message may quote it: its first <see cref="ShownCharacters"/>
    /// characters, and its length when longer. Enough to find the cell; not enough to copy a name and
    /// birth date typed into the wrong column into an error, a terminal or a log.
    /// </summary>
    public static string Show(ReadOnlySpan<char> value) =>
        value.Length <= ShownCharacters ? value.ToString() : $"{value[..ShownCharacters]}... ({value.Length} characters)";

    // ---- Files the user names ----

    public static InputException NoSuchFile(string path, string what = "file", string? hint = null) =>
        Input(path, null, null, what == "file" ? "no such file" : $"no such {what}{(hint is null ? "" : $" ({hint})")}");

    public static InputException IsAFolder(string path, string wanted) => Input(path, null, null, $"is a folder, not a file; {wanted}");

    public static InputException NotARegularFile(string path, string problem, string what) => Input(path, null, null, $"{problem}; give the path of a {what} file");

    public static InputException TooLarge(string path, string problem, string what) => Input(path, null, null, $"{problem}; a {what} is never that large");

    public static InputException PermissionDenied(string path, Exception inner) => Input(path, null, null, "cannot be read: permission denied", inner);

    public static InputException Unreadable(string path, IOException inner) => Input(path, null, null, $"cannot be read: {inner.Message}", inner);

    public static InputException NoSuchFolder(string path, string folder) => Input(path, null, null, $"the folder '{folder}' does not exist; create it first");

    public static InputException FolderNotWritable(string path, string folder, Exception inner) => Input(path, null, null, $"cannot write in folder '{folder}': permission denied", inner);

    public static InputException NotUtf8Text(string path, string what, Exception inner) => Input(path, null, null, $"is not a {what}: it is not UTF-8 text", inner);

    // ---- Outputs ----

    public static RefusedException OutputExists(string path) =>
        new($"{path}: already exists; choose another output name, or allow replacing it", Refusal.OutputExists);

    public static RefusedException OutputAppeared(string path) => new($"{path}: was created by another process while writing; nothing was replaced");

    public static RefusedException OutputIsInput(string option, string path, string inputOption, string input) =>
        new($"{option} {path} is the same file as {inputOption} {input}; an output never replaces an input, even where replacing outputs is allowed. Choose another output name.");

    public static RefusedException OutputsCollide(string option, string other, string path) =>
        new($"{option} and {other} name the same file ({path}); give each output its own name.");

    public static ObjectDisposedException Disposed(string name) => new(name);

    public static IOException CannotLock(string path, string reason) => new($"{path}: cannot lock ({reason})");

    public static IOException CannotOpenLock(string path, string reason) => new($"{path}: cannot open the lock file ({reason})");

    public static IOException CannotOpen(string path, string reason) => new($"{path}: cannot open ({reason})");

    public static IOException CannotFlushFolder(string folder, string reason) => new($"{folder}: cannot flush the folder to disk ({reason})");

    // ---- CSV ----

    public static InputException CsvEmpty(string path) => Input(path, null, null, "the file is empty; expected a header line of column names");

    public static InputException CsvHeaderFieldEmpty(string path, long line, int field) => Input(path, line, null, $"header field {field} is empty; every column needs a name");

    public static InputException CsvColumnTwice(string path, long line, string column) => Input(path, line, column, "appears twice in the header; each column may appear once");

    public static InputException CsvFieldCount(string path, long line, int fields, int header) =>
        Input(path, line, null, $"has {fields} field(s) but the header has {header}; check for a missing or extra comma");

    public static InputException CsvQuoteInUnquotedField(string path, long line, string? column) =>
        Input(path, line, column, "has a quote inside an unquoted field; enclose the field in quotes and double the inner quote");

    public static InputException CsvUnbalancedQuote(string path, long line, string? column) =>
        Input(path, line, column, "has an unbalanced quote: a quoted field is not closed (the rest of the file was read as one field)");

    public static InputException CsvNotUtf8(string path, long? line, Exception inner) => Input(path, line, null, "is not valid UTF-8 near this line; save the file as UTF-8", inner);

    public static InputException CsvNotUtf8At(string path, long line, long column, Exception inner) =>
        Input(path, line, null, $"is not valid UTF-8 (byte {column} of the line); save the file as UTF-8", inner);

    public static InputException CsvReadFailed(string path, long? line, IOException inner) => Input(path, line, null, $"could not be read: {inner.Message}", inner);

    public static InputException CsvRowTooLong(string path, long? line, Exception inner) =>
        Input(path, line, null, "starts a row longer than 16 MiB, which is not read: usually a quote (\") opened in a field and never closed, so the rest of the file became one field. Close the quote", inner);

    /// <summary>A cell that breaks one of its column's rules; <paramref name="problem"/> names the rule and the fix.</summary>
    public static InputException BadCell(string path, long line, string? column, string problem) => Input(path, line, column, problem);

    public static InputException MissingColumn(string path, string column, string neededFor) => Input(path, 1, column, $"is needed for {neededFor}, but the input has no such column");

    public static InputException HeaderLacks(string path, long line, string missing, string expected) =>
        Input(path, line, null, $"the header lacks column(s) {missing}; the canonical extract has: {expected}");

    public static InputException UnknownColumn(string path, long line, string column, string expected) =>
        Input(path, line, column, $"is not a column of the canonical extract; remove it or rename it to one of: {expected}");

    public static InputException SuppressedInput(string path, string column) =>
        Input(path, 1, column, "marks records from which classes smaller than a minimum size k were removed. Suppression depends on other people's records: adding one person can remove or restore a whole class, so no contribution bound holds and differential privacy is lost. Release from the records before suppression (the canonical extract, or pseudonymized without a minimum class size)");

    public static InputException NoIdentity(string path, long line) =>
        Input(path, line, null, "has no person identity (fbi_number, last_name, first_name and dob are all empty), so the contribution bound cannot apply to it");

    public static InputException IdentityTooManyWords(string path, long line, string column) => Input(path, line, column, "has too many words to be part of a person identity");

    public static InputException IdentityTooLong(string path, long line, string column) => Input(path, line, column, "is too long to be part of a person identity");

    public static InputException TooManyRecordsToScore(string path, long records) =>
        Input(path, null, null, $"{records:N0} records belong to people with more than 1000 records, beyond what score counts exactly");

    public static ArgumentException StreamNotSeekable(string why, string parameter) => new($"{why}; give a seekable stream, or read it into memory first", parameter);

    // ---- JSON files users write (specs, policies, profiles) ----

    /// <summary>A field that breaks one of its file's rules; <paramref name="problem"/> names the rule and the fix.</summary>
    public static InputException BadField(string source, string? field, string problem) => Input(source, null, field, problem);

    public static InputException JsonNull(string source, string what) => Input(source, null, null, $"is empty (null); expected a {what} object");

    /// <summary>A mapping file (import) that cannot be used as written: <paramref name="field"/> is its JSON path.</summary>
    public static InputException BadMapping(string source, string? field, string problem) => Input(source, null, field, problem);

    /// <summary>An export whose header does not fit its mapping: every column at fault is named at once.</summary>
    public static InputException ExportHeader(string path, string problem) => Input(path, 1, null, problem);

    public static InputException JsonInvalid(string source, long? line, string? path, string what, string problem, Exception inner) =>
        Input(source, line, path, $"is not a valid {what}: {problem}", inner);

    public static JsonException JsonValue(string problem) => new(problem);

    public static ArgumentException UnknownProfile(string name, string builtIn) =>
        new($"'{name}' is not a built-in profile; use one of {builtIn} or the path of a profile JSON file", nameof(name));

    public static InputException PolicyLacksColumn(string path, string column, string policy) =>
        Input(path, 1, column, $"is not named in the policy {policy}; add it with an action (keep, drop, pseudonymize, generalize or person) so nothing passes through unchecked");

    public static InputException PolicyNamesMissingColumn(string policy, string column, string role, string input, string columns) =>
        Input(policy, null, column, $"is named in the policy ({role}) but {input} has no such column; its columns are: {columns}");

    public static InputException PatternOnCodedColumn(string policy, string column) =>
        Input(policy, null, column, "is checked against its own code list; a pattern applies only to kept columns without one");

    // ---- Keys ----

    public static RefusedException KeyTooOpen(string path, string mode, string what) =>
        new($"{path}: permissions {mode} are too open: a {what} must not be accessible by group or others. Fix it with: chmod 600 '{path}'");

    public static InputException NotAKeyFile(string path, long? line, string problem, Exception? inner = null) => Input(path, line, null, problem, inner);

    public static InputException WrongPassphrase(string path) => Input(path, null, null, "wrong passphrase (or the key file was altered)");

    public static InputException KeyAltered(string path, string problem) => Input(path, null, null, problem);

    public static ArgumentException EmptyPassphrase(string parameter, string choice) => new($"the passphrase is empty; choose {choice}, or create the key unencrypted", parameter);

    public static FormatException BadEncryptedKey(string problem) => new(problem);

    public static ArgumentException CommentNotPrintable(string parameter) => new("a comment may hold printable text and tabs only (no line breaks)", parameter);

    public static RefusedException NoUnicodeNormalization() =>
        new("Unicode normalization (NFKC) is not available in this process, so pseudonyms would differ between machines. Install ICU (Debian: apt-get install libicu72) and unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");

    // ---- Numbers, noise and accounting ----

    public static DivideByZeroException ZeroDenominator() => new("a rational's denominator cannot be zero");

    public static FormatException NotAnExactNumber(string text, string expected) => new($"'{text}' is not {expected}");

    public static FormatException BadLedgerCharges(string text, string problem) => new($"ledger charges '{text}': {problem}");

    public static FormatException NotAMonth(string text) => new($"'{text}' is not a month; write it as yyyy-MM, for example 2008-10");

    public static ArgumentOutOfRangeException OutOfRange(string parameter, string problem) => new(parameter, problem);

    public static ArgumentOutOfRangeException OutOfRange(string parameter, object? value, string problem) => new(parameter, value, problem);

    public static ArgumentException UnknownMechanism(string name, string mechanisms) => new($"'{name}' is not a mechanism; use {mechanisms}", nameof(name));

    public static ArgumentException PeriodReversed(string from, string to, string parameter) => new($"the period ends ({to}) before it starts ({from}); swap the two dates", parameter);

    public static ArgumentException NotAPowerOfTwo(long length, string parameter) => new($"the length {length} is not a power of two", parameter);

    // ---- Ledger ----

    public static InputException NotALedger(string path, string problem, Exception? inner = null) => Input(path, null, null, problem, inner);

    public static RefusedException NoLedger(string path) =>
        new($"there is no ledger at {path}: a ledger is created when a dataset's budget is first set. Check the path, or set a budget to start one", Refusal.NoLedger);

    public static RefusedException NoLedgerFolder(string path, string folder) => new($"{path}: the folder {folder} does not exist; create it first (a mistyped path must not make a new ledger)");

    public static ArgumentException BadDatasetName(string name, string parameter) =>
        new($"the dataset name '{Show(name).ReplaceLineEndings("\\n").Replace("\t", "\\t", StringComparison.Ordinal)}' must be 1 to 100 lower-case letters, digits, '-', '.' or '_', starting with a letter or digit, as in a release spec", parameter);

    public static ArgumentException ControlCharacterInFolder(string parameter) => new("the release folder's path contains a control character; choose a plain folder name", parameter);

    public static RefusedException BudgetBelowSpent(string dataset, string spent, string total) =>
        new($"dataset '{dataset}' has already spent epsilon {spent}; its budget cannot be lowered to {total}. Spent budget is gone for good: a lower total would not make past releases less revealing.");

    public static RefusedException RaiseNeedsReason(string dataset, string from, string to) =>
        new($"dataset '{dataset}': raising its budget from epsilon {from} to {to} needs a reason: every later release states the change and its reason, so readers learn that the dataset's protection was loosened and why. Nothing was changed.");

    public static ArgumentException BadReason(string parameter) =>
        new("the reason must be 1 to 500 characters of plain text on one line (no control characters); say in words why the budget changes", parameter);

    public static RefusedException ReleaseStillOpen(string dataset, long? sequence, string? folder) =>
        new($"dataset '{dataset}': release #{sequence} into {folder} is still open in the ledger; nothing was spent. Try again when it has finished.");

    public static RefusedException NotAnOpenReservation(long id) => new($"ledger entry {id} is not an open reservation: it does not exist or was settled already");

    public static RefusedException LedgerBroken(string path, string problem, int more) =>
        new($"the ledger {path} does not verify ({problem}{(more > 0 ? $"; {more} more" : "")}); nothing is spent or set on a ledger that may have been edited. Check it with ledger verification, and restore it from a backup.");

    public static RefusedException NoBudget(string dataset, string ledger) => new($"dataset '{dataset}' has no privacy budget in ledger {ledger}; set its budget first", Refusal.NoBudget);

    public static RefusedException BudgetTooSmall(string dataset, string epsilon, string periods, string remaining, string total, string spent, long releases, bool abandoned, string purpose) =>
        new($"dataset '{dataset}': {purpose} needs epsilon {epsilon} on {periods}, but only {remaining} of {total} remains there (person-level epsilon spent {spent} in {releases} release(s){(abandoned ? ", some of it by charges that published nothing: a release that never appeared, or bound advice" : "")}); nothing was published and no budget was spent");

    // ---- Releases ----

    public static RefusedException CalendarExtractForeign(string path, long known, string problem) =>
        new($"{path}: the calendar has measured {known:N0} bookings, and {problem}. Nothing was spent. Pseudonymize every extract of a calendar with the same key and policy.");

    public static RefusedException StoreMovedOn(string dataset) =>
        new($"dataset '{dataset}': another release of its calendar was charged while this one read the extract; nothing was spent. Run it again: it will read the calendar as it now stands.");

    public static RefusedException StoreBroken(string path, string problem) =>
        new($"the calendar store {path} {problem}; nothing is measured or spent on a store that may have been edited. Restore the ledger and its calendar folder together from a backup.");

    public static ArgumentException PeriodRequired(string dataset, string example, string parameter) =>
        new($"the spec of dataset '{dataset}' declares a calendar, whose releases read one period at a time: give the period (for example {example}) and the extract as known at its end", parameter);

    public static ArgumentException PeriodWithoutCalendar(string dataset, string parameter) =>
        new($"a period was given, but the spec of dataset '{dataset}' declares no calendar; leave the period out, or declare a calendar (docs/calendar.md)", parameter);

    public static ArgumentException NotAPeriod(string problem, string parameter) => new(problem, parameter);

    public static RefusedException SummaryTooEarly(string dataset, string summary, string last, string? published) =>
        new($"dataset '{dataset}': the summary {summary} measures its periods again, so they must be published first; release up to {last} first{(published is null ? " (no period is published yet)" : $" (the calendar is published up to {published})")}. Nothing was spent.");

    public static RefusedException PreviousTableChanged(string path) =>
        new($"{path}: the calendar's previous release's table is missing or is not the file its manifest states (its SHA-256 differs); a summary reports which values it changed against it. Put the release back as it was published. Nothing was spent.");

    public static RefusedException SummaryReleased(string dataset, string summary) =>
        new($"dataset '{dataset}': the summary {summary} was released already; a calendar measures each summary once. Nothing was spent.");

    public static RefusedException CalendarChanged(string dataset) =>
        new($"dataset '{dataset}': its calendar store was made for another calendar or spec (the calendar, a table, a measure, a bound or an epsilon changed, or another calendar uses this dataset's name). A calendar keeps one spec for its whole life; start a new calendar under a new dataset name. Nothing was read or spent.");

    public static RefusedException PeriodReleased(string dataset, string period, string last, string? next) =>
        new($"dataset '{dataset}': {period} is not after the calendar's last release ({last}); a calendar publishes each period once{(next is null ? ", and it is complete" : $": the next period is {next}")}. Nothing was spent.");

    public static RefusedException PreviousReleaseMissing(string folder, string sha) =>
        new($"the calendar's previous release {folder} is missing or is not the one the ledger recorded (datapackage.json sha256 {sha}); a calendar release carries its measurements. Put it back where it was published. Nothing was spent.");

    public static RefusedException ReleaseFolderExists(string folder) => new($"{folder}: already exists; a release folder is never overwritten. Choose a new folder.");

    public static RefusedException ReleaseFolderBusy(string folder) => new($"{folder}: another release into this folder is in progress; nothing was spent. Choose another folder, or wait for it to finish.");

    public static RefusedException LedgerBusy(string ledger, double minutes) => new($"another release using the ledger {ledger} has not finished in {minutes} minutes; nothing was spent. Try again later.");

    public static RefusedException ReleaseFolderAppeared(string folder, long sequence, string reason) =>
        new($"{folder}: appeared while the release was prepared; nothing was replaced. The budget it was charged (ledger sequence {sequence}) stays spent. {reason}");

    public static IOException ReleaseNotWritten(string reason, string epsilon, long sequence, IOException inner) =>
        new($"{reason}; the release had been charged epsilon {epsilon} (ledger sequence {sequence}) before its noise was drawn, and that stays spent; the charge is recorded as abandoned", inner);

    public static IOException NoSpaceForRelease(string folder, long bytes, IOException inner) =>
        new($"{folder}: not enough free space for the release, about {bytes:N0} bytes ({inner.Message}); nothing was written and no budget was spent", inner);

    public static RefusedException EstimateDisagrees(string disagreement) =>
        new($"the release is not written or signed: {disagreement}. This is a fault in PrivacyShare's estimator; please report it. The epsilon it was charged stays spent");

    /// <summary>A file of a published release that breaks what PrivacyShare writes; <paramref name="problem"/> says how.</summary>
    public static InputException BadRelease(string path, long? line, string? field, string problem) => Input(path, line, field, problem);

    public static InputException NotARelease(string folder, string problem) => Input(folder, null, null, problem);

    /// <summary>A question the release cannot answer: the folder is named, the problem says which part of the query.</summary>
    public static InputException CannotAnswer(string folder, string problem) => Input(folder, null, null, problem);

    // ---- Faults in PrivacyShare ----

    /// <summary>A state the code guarantees cannot arise did.</summary>
    public static InvalidOperationException Bug(string message) => new(message);

    // The located input error behind the named ones: the file, its line and column or field where known.
    private static InputException Input(string path, long? line, string? column, string problem, Exception? inner = null) =>
        new(path, line, column, problem, inner);
}
