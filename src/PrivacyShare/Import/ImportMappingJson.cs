namespace PrivacyShare.Import;

// The mapping file as JSON spells it; documented in docs/import.md and docs/schemas/mapping.schema.json.
internal sealed class ImportMappingJson
{
    public string? Format { get; set; }
    public string? Description { get; set; }
    public Dictionary<string, RulePart>? Columns { get; set; }
    public List<string>? Ignore { get; set; }

    public sealed class RulePart
    {
        public string? From { get; set; }
        public string? Constant { get; set; }
        public Dictionary<string, string>? Recode { get; set; }
        public string? Crosswalk { get; set; }
        public string? Otherwise { get; set; }
        public string? Blank { get; set; }
        public List<string>? DateFormats { get; set; }
        public string? Pattern { get; set; }
    }
}
