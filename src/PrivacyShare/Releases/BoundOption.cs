namespace PrivacyShare.Releases;

/// <summary>
/// One contribution bound a table could have, and the expected width of a cell's 95% interval for the
/// true count with it: twice the noise half-width, plus the allowance for the noise of the left-out
/// count, plus the left-out records themselves (estimated from the noisy measurement).
/// </summary>
/// <param name="Bound">The bound (max_records_per_person).</param>
/// <param name="Width">The expected width: 2 NoiseHalfWidth + Allowance + LeftOut.</param>
/// <param name="NoiseHalfWidth">The 95% noise half-width of a cell (its widest measure).</param>
/// <param name="Allowance">What the upper end adds for the noise of the left-out count.</param>
/// <param name="LeftOut">The records beyond the bound, estimated.</param>
public sealed record BoundOption(int Bound, double Width, double NoiseHalfWidth, double Allowance, double LeftOut);
