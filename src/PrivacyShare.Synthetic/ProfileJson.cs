namespace PrivacyShare.Synthetic;

// The profile file as JSON spells it (snake_case). Kept apart from SyntheticProfile so the file
// format can stay stable while the sampling tables change. Documented in docs/profiles.md.
internal sealed class ProfileJson
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public PeriodPart? Period { get; set; }
    public Dictionary<string, double>? Districts { get; set; }
    public Dictionary<string, double>? HomeZips { get; set; }
    public double? IdentMatchRate { get; set; }
    public ByMatchPart? OffenseLevels { get; set; }
    public double? DetainerRateAmongMatches { get; set; }
    public Dictionary<string, double>? RemovalRateAmongDetainers { get; set; }
    public Dictionary<string, double>? Sex { get; set; }
    public List<AgeBandPart>? AgeAtPeriodStart { get; set; }
    public ByMatchPart? Race { get; set; }
    public ByMatchPart? Ethnicity { get; set; }
    public ByMatchPart? CountryOfBirth { get; set; }
    public Dictionary<string, string>? NameLocales { get; set; }
    public Dictionary<string, double>? ArrestsPerPerson { get; set; }
    public double? FbiNumberMissingRate { get; set; }
    public ClerkVariationPart? ClerkVariation { get; set; }
    public List<ChargePart>? Charges { get; set; }
    public OutcomeLagsPart? OutcomeLags { get; set; }

    public sealed class OutcomeLagsPart
    {
        public Dictionary<string, double>? DetainerMonths { get; set; }
        public Dictionary<string, double>? RemovalMonths { get; set; }
    }

    public sealed class PeriodPart
    {
        public string? From { get; set; }
        public string? To { get; set; }
    }

    public sealed class ByMatchPart
    {
        public Dictionary<string, double>? Match { get; set; }
        public Dictionary<string, double>? NonMatch { get; set; }
    }

    public sealed class AgeBandPart
    {
        public int From { get; set; }
        public int To { get; set; }
        public double Weight { get; set; }
    }

    public sealed class ClerkVariationPart
    {
        public double NameCaseRate { get; set; }
        public double NameSpacingRate { get; set; }
        public double DateFormatRate { get; set; }
        public double FbiNumberBookingMissingRate { get; set; }
        public double FbiNumberFormatRate { get; set; }
        public double NameVariantRate { get; set; }
    }

    public sealed class ChargePart
    {
        public string? Code { get; set; }
        public string? Description { get; set; }
        public int Level { get; set; }
        public double Weight { get; set; }
    }
}
