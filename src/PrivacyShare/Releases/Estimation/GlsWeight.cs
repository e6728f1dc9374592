namespace PrivacyShare.Releases.Estimation;

/// <summary>
/// One class of a GLS estimate's weights: every measurement of table <see cref="Table"/>, group
/// <see cref="Group"/>, whose cell is in or out of the query's selection as <see cref="Pattern"/> says
/// (bit i for the i-th attribute the query and table share, in model order), has weight <see cref="Lambda"/>.
/// There are <see cref="Multiplicity"/> such measurements.
/// </summary>
internal readonly record struct GlsWeight(int Table, int Pattern, int Group, double Lambda, long Multiplicity);
