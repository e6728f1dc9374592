using System.Text.Json.Nodes;
using PrivacyShare.Privacy;
using PrivacyShare.Releases;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

public sealed class ReleaseSpecTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Example_Loads()
    {
        var spec = ReleaseSpec.Load(Specs.ExamplePath);

        Assert.Equal("boston-secure-communities", spec.Dataset);
        Assert.Equal("1", spec.TotalEpsilon.ToString());
        Assert.Equal(21, spec.Design.Tables[0].Cells);
        Assert.Equal(12 * 6, spec.Design.Tables[2].Cells); // 11 districts + OTHER; the 6 race codes in full, no OTHER

        // The removals table has its own bound: a person is removed at most once, so its sensitivity is 1.
        Assert.Equal(1, spec.Design.Tables[1].Sensitivity);
        Assert.Equal(6, spec.Design.Tables[0].Sensitivity);

        // One dropped-records count per (bound, stages), each spending its tables' dropped shares (chosen per
        // table: "dropped_share": "auto"); removals_by_level declares that nobody exceeds its bound
        // ("beyond_bound": "refuse") and has none.
        Assert.Single(spec.Design.Dropped);
        var shares = spec.ShareChoice!.Shares;
        foreach (var c in spec.Design.Dropped)
        {
            var members = spec.Design.Tables.Select((t, i) => (t, i)).Where(x => c.Tables.Contains(x.t.Name)).ToArray();
            Assert.Equal(PrivacyAccounting.Compose(members.Select(x => x.t.Epsilon * shares[x.i]!.Value)), c.Epsilon);
            Assert.All(members, x => Assert.Equal(x.t.Epsilon * (Rational.One - shares[x.i]!.Value), x.t.MeasurementEpsilon));
        }
    }

    [Fact]
    public void PerTableEpsilons_AddUpExactly_AndWeightsAreRefused()
    {
        var path = Specs.Write(_dir, j =>
        {
            j["privacy"]!.AsObject().Remove("epsilon");
            foreach (var (t, e) in j["tables"]!.AsArray().Zip(new[] { 0.1, 0.2, 0.3, 1.0 / 3 }))
            {
                t!.AsObject().Remove("weight");
                t["epsilon"] = e;
            }
        });

        var spec = ReleaseSpec.Load(path);

        Assert.Equal(Rational.Parse("0.1") + Rational.Parse("0.2") + Rational.Parse("0.3") + Rational.Parse("0.3333333333333333"), spec.TotalEpsilon);
    }

    [Fact]
    public void Epsilons_AreExact_AsJsonNumbersOrAsFractionStrings()
    {
        // The same parser as the command line's --epsilon: "1/3" is a third, 0.1 is a tenth.
        var path = Specs.Write(_dir, j =>
        {
            j["privacy"]!.AsObject().Remove("epsilon");
            j["privacy"]!["dropped_share"] = "1/4";
            foreach (var (t, e) in j["tables"]!.AsArray().Zip(new JsonNode[] { "1/3", 0.1, "0.2", "1/7" }))
            {
                t!.AsObject().Remove("weight");
                t["epsilon"] = e.DeepClone();
            }
        });

        var spec = ReleaseSpec.Load(path);

        Assert.Equal(new Rational(1, 3), spec.Design.Tables[0].Epsilon);
        Assert.Equal(new Rational(1, 10), spec.Design.Tables[1].Epsilon);
        Assert.Equal(new Rational(1, 4), spec.Design.DroppedShare);
        Assert.Equal(new Rational(3, 4) * new Rational(1, 3), spec.Design.Tables[0].MeasurementEpsilon);
        Assert.Equal(new Rational(spec.Design.Tables[0].Bound, 1) / (new Rational(3, 4) * new Rational(1, 3)), spec.Design.Tables[0].Scale);
    }

    public static TheoryData<string, Action<JsonObject>, string> BadSpecs => new()
    {
        { "unknown dimension", j => j["tables"]![0]!["dimensions"]![0] = "weekday", "'weekday' is not a dimension" },
        { "unknown measure", j => j["tables"]![0]!["measures"]![0] = "bookings", "'bookings' is not a measure" },
        { "table without epsilon", j => j["privacy"]!.AsObject().Remove("epsilon"), "field 'tables[0].epsilon': is missing; give every table its epsilon, or give privacy.epsilon" },
        { "both epsilons", j => j["tables"]![1]!["epsilon"] = 0.5, "field 'tables[1].epsilon': is given together with privacy.epsilon" },
        { "zero total", j => j["privacy"]!["epsilon"] = 0, "field 'privacy.epsilon': is 0" },
        { "negative weight", j => j["tables"]![2]!["weight"] = -1, "field 'tables[2].weight': is -1" },
        { "zero table bound", j => j["tables"]![1]!["max_records_per_person"] = 0, "field 'tables[1].max_records_per_person': is 0" },
        { "dropped share 1", j => j["privacy"]!["dropped_share"] = 1, "field 'privacy.dropped_share': is 1" },
        { "dropped share as a word", j => j["privacy"]!["dropped_share"] = "sometimes", "'sometimes' is not auto or an exact number" },
        { "beyond bound as a typo", j => j["tables"]![1]!["beyond_bound"] = "refused", "field 'tables[1].beyond_bound': is 'refused'; give count (the records beyond the bound are left out and counted with noise, the default) or refuse" },
        { "margins that do not nest", j => j["tables"]!.AsArray().Add(JsonNode.Parse("""{ "name": "x", "dimensions": ["district", "ethnicity"], "measures": ["arrests"], "weight": 1 }""")),
            "by_ethnicity shares one margin with monthly and another with x, and those two margins do not nest" },
        { "empty domain", j => j["domains"]!["district"] = new JsonArray(), "field 'domains.district': is empty" },
        { "period backwards", j => j["period"] = new JsonObject { ["from"] = "2010-06", ["to"] = "2008-10" }, "ends (2008-10) before it starts (2010-06)" },
        { "zero epsilon", j => { j["privacy"]!.AsObject().Remove("epsilon"); foreach (var t in j["tables"]!.AsArray()) { t!.AsObject().Remove("weight"); t["epsilon"] = 0.1; } j["tables"]![0]!["epsilon"] = 0; }, "field 'tables[0].epsilon': is 0" },
        { "undeclared domain", j => j["tables"]![0]!["dimensions"]![0] = "country_of_birth", "'country_of_birth' has no declared domain" },
        { "gaussian", j => j["privacy"]!["mechanism"] = "discrete-gaussian", "not supported for releases" },
        { "no bound", j => j["privacy"]!.AsObject().Remove("max_records_per_person"), "max_records_per_person': is missing" },
        { "unknown field", j => j["tabels"] = new JsonArray(), "tabels" },
        { "epsilon with an exponent", j => j["privacy"]!["epsilon"] = JsonNode.Parse("1e-1"), "'1e-1' is not an exact number" },
        { "epsilon as words", j => j["privacy"]!["epsilon"] = "a half", "'a half' is not an exact number" },
        { "an OTHER beside every code", j => j["domains"]!["race"] = JsonNode.Parse("""{ "values": ["W", "B", "A", "I", "P", "U"], "other": true }"""), "field 'domains.race.other': is true, but the list holds every race code" },
        { "unknown domain field", j => j["domains"]!["district"] = JsonNode.Parse("""{ "values": ["A1"], "others": false }"""), "'others' is not a field of a domain" },
        { "label of an unknown dimension", j => j["labels"] = JsonNode.Parse("""{ "dimensions": { "precinct": "Precinct" } }"""), "field 'labels.dimensions.precinct': labels 'precinct', which no table of this release has" },
        { "label of an unknown value", j => j["labels"] = JsonNode.Parse("""{ "values": { "district": { "Z9": "Nowhere" } } }"""), "field 'labels.values.district.Z9': labels 'Z9', which is not a value of district" },
        { "a note on two lines", j => j["notes"] = new JsonArray("one\ntwo"), "field 'notes[0]': must be one line of printable text" },
        { "domain other not a boolean", j => j["domains"]!["district"] = JsonNode.Parse("""{ "values": ["A1"], "other": "no" }"""), "'other' is not a field of a domain, or is given twice or with the wrong type" },
    };

    [Fact]
    public void Domains_GetAnOtherCell_OnlyWhereARecordCanFallInIt()
    {
        var path = Specs.Write(_dir, j =>
        {
            j["domains"]!["district"] = JsonNode.Parse("""{ "values": ["A1", "B2"], "other": false }""");
            j["domains"]!["ethnicity"] = new JsonArray("H", "N");
        });

        var dims = ReleaseSpec.Load(path).Design.Dimensions.ToDictionary(d => d.Name);

        Assert.Equal(["W", "B", "A", "I", "P", "U"], dims["race"].Values.ToArray());  // every race code: no record can be OTHER
        Assert.False(dims["race"].HasOther);
        Assert.Equal(["A1", "B2"], dims["district"].Values.ToArray());                  // "other": false
        Assert.False(dims["district"].HasOther);
        Assert.Equal(["H", "N", "OTHER"], dims["ethnicity"].Values.ToArray());          // a part of the codes: U counts as OTHER
        Assert.True(dims["ethnicity"].HasOther);
    }

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Load_BadSpec_IsAClearError(string what, Action<JsonObject> edit, string message)
    {
        var path = Specs.Write(_dir, edit);

        var e = Assert.Throws<InputException>(() => ReleaseSpec.Load(path));

        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: {e.Message}");
    }
}
