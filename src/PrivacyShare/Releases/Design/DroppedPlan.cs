using System.Collections.Immutable;
using PrivacyShare.Privacy;

namespace PrivacyShare.Releases.Design;

/// <summary>
/// A dropped-records count as planned: the records its tables' bound leaves out are counted with noise,
/// and every interval that can contain them is widened on the upper side by that noisy count plus
/// <see cref="Allowance"/>, an upper confidence bound on its noise.
/// </summary>
/// <param name="Name">Its name in measurements.csv and datapackage.json.</param>
/// <param name="Bound">The bound of its tables.</param>
/// <param name="Stages">The stages its tables count, joined with '+'.</param>
/// <param name="Tables">The tables it serves.</param>
/// <param name="Epsilon">The epsilon it spends.</param>
/// <param name="Scale">Its discrete Laplace scale: bound / epsilon.</param>
/// <param name="Allowance">The widening when the noisy count is 0 and this is the only count an interval involves: the smallest t with P(noise &lt; -t) &lt;= 1%.</param>
public sealed record DroppedPlan(string Name, int Bound, string Stages, ImmutableArray<string> Tables, Rational Epsilon, Rational Scale, long Allowance);
