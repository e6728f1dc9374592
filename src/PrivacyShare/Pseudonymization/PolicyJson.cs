namespace PrivacyShare.Pseudonymization;

// The policy file as JSON spells it; documented in docs/policies.md.
internal sealed class PolicyJson
{
    public string? Format { get; set; }
    public string? Description { get; set; }
    public PersonPart? Person { get; set; }
    public List<ColumnPart>? Columns { get; set; }
    public List<string>? QuasiIdentifiers { get; set; }

    public sealed class PersonPart
    {
        public string? Output { get; set; }
        public List<string>? Primary { get; set; }
        public List<string>? Fallback { get; set; }
    }

    public sealed class ColumnPart
    {
        public string? Input { get; set; }
        public string? Action { get; set; }
        public string? Rule { get; set; }
        public string? At { get; set; }
        public List<string>? Bands { get; set; }
        public string? Output { get; set; }
        public string? Pattern { get; set; }
    }
}
