using System.Text.Json.Nodes;
using PrivacyShare.Ledger;
using PrivacyShare.Privacy;
using PrivacyShare.Pseudonymization;
using PrivacyShare.Records;
using PrivacyShare.Releases;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases;

/// <summary>Specs and policies built in code are the files' specs and policies, and every pipeline takes a stream.</summary>
public sealed class BuildersTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheExampleSpec_BuiltInCode_IsTheExampleFile()
    {
        // Built from the example file's own values, read here as plain JSON.
        var file = JsonNode.Parse(File.ReadAllText(Specs.ExamplePath))!;
        var builder = new ReleaseSpecBuilder((string)file["dataset"]!, (string)file["title"]!, (string)file["publisher"]!)
            .Period(Month((string)file["period"]!["from"]!), Month((string)file["period"]!["to"]!))
            .Epsilon(RationalJson.Read(System.Text.Json.JsonDocument.Parse(file["privacy"]!["epsilon"]!.ToJsonString()).RootElement))
            .MaxRecordsPerPerson((int)file["privacy"]!["max_records_per_person"]!);
        if ((string?)file["privacy"]!["dropped_share"] == "auto")
        {
            builder.AutoDroppedShare();
        }

        foreach (var (name, values) in file["domains"]!.AsObject())
        {
            builder.Domain(name, [.. values!.AsArray().Select(v => (string)v!)]);
        }

        foreach (var t in file["tables"]!.AsArray())
        {
            builder.Table((string)t!["name"]!, t["dimensions"]!.AsArray().Select(v => (string)v!), t["measures"]!.AsArray().Select(v => (string)v!),
                weight: t["weight"] is { } w ? (decimal)w : null, maxRecordsPerPerson: t["max_records_per_person"] is { } b ? (int)b : null,
                refuseBeyondBound: (string?)t["beyond_bound"] == "refuse");
        }

        var built = builder.Build();
        var loaded = ReleaseSpec.Load(Specs.ExamplePath);

        Assert.Equal(loaded.TotalEpsilon, built.TotalEpsilon);
        Assert.Equal(loaded.Design.Tables.Select(t => (t.Name, t.Epsilon, t.Scale, t.Bound, t.Cells)), built.Design.Tables.Select(t => (t.Name, t.Epsilon, t.Scale, t.Bound, t.Cells)));
        Assert.Equal(loaded.Design.Dropped.Select(c => (c.Name, c.Scale)), built.Design.Dropped.Select(c => (c.Name, c.Scale)));
    }

    [Fact]
    public void ABuiltSpec_IsValidatedLikeAFile()
    {
        var e = Assert.Throws<InputException>(() => new ReleaseSpecBuilder("d", "t", "p").Period(Month("2008-10"), Month("2009-01"))
            .Epsilon(Rational.One).MaxRecordsPerPerson(1).Table("x", ["weekday"], ["arrests"]).Build());

        Assert.Contains("'weekday' is not a dimension", e.Message);
    }

    [Fact]
    public void TheDefaultPolicy_BuiltInCode_PseudonymizesByteForByteAsTheFile()
    {
        var policy = new PseudonymPolicyBuilder()
            .Person("person_id", ["fbi_number"], ["last_name", "first_name", "dob"])
            .Pseudonymize("booking_id")
            .Generalize("arrest_date", GeneralizeRule.Month, "arrest_month")
            .Generalize("dob", GeneralizeRule.AgeBand, "age_band", at: "arrest_date")
            .Keep("sex").Keep("race").Keep("ethnicity").Keep("country_of_birth")
            .Generalize("home_zip", GeneralizeRule.Zip3, "zip3")
            .Keep("district").Keep("charge_code").Keep("offense_level").Keep("ident_match").Keep("detainer_issued").Keep("removed")
            .PersonColumn("last_name").PersonColumn("first_name").PersonColumn("fbi_number")
            .Drop("charge_description")
            .QuasiIdentifiers("arrest_month", "age_band", "sex", "race", "ethnicity", "country_of_birth", "zip3", "district")
            .Build();
        var input = _dir.File("in.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 2_000, Seed = 4, OutputPath = input });
        using var key = PseudonymKey.Load(TestKeys.WriteVectorKey(_dir), TestKeys.NoPassphrase);
        using var viaFile = new MemoryStream();
        using var viaBuilder = new MemoryStream();

        using (var source = File.OpenRead(input))
        {
            Pseudonymizer.Run(source, viaFile, key, PseudonymPolicy.Default);
        }

        using (var source = File.OpenRead(input))
        {
            Pseudonymizer.Run(source, viaBuilder, key, policy);
        }

        Assert.Equal(viaFile.ToArray(), viaBuilder.ToArray());
    }

    [Fact]
    public void ReleaseAndTheRecordReader_ReadFromStreams()
    {
        var input = _dir.File("in.csv");
        PrivacyShare.Synthetic.Synthesizer.Run(new PrivacyShare.Synthetic.SynthOptions { Rows = 1_500, Seed = 6, OutputPath = input });
        using (var ledger = BudgetLedger.Open(_dir.File("l.db"), create: true))
        {
            ledger.SetBudget("boston-secure-communities", new Rational(3, 1));
        }

        using var stream = new MemoryStream(File.ReadAllBytes(input));
        var fromStream = Releaser.Run(new ReleaseOptions { InputPath = "(memory)", InputStream = stream, Spec = ReleaseSpec.Load(Specs.ExamplePath), OutputDirectory = _dir.File("a"), LedgerPath = _dir.File("l.db") });
        var fromFile = Releaser.Run(new ReleaseOptions { InputPath = input, Spec = ReleaseSpec.Load(Specs.ExamplePath), OutputDirectory = _dir.File("b"), LedgerPath = _dir.File("l.db") });
        using var records = new MemoryStream(File.ReadAllBytes(input));
        using var reader = ArrestCsvReader.Open(records);
        var read = 0;
        while (reader.TryRead(out _))
        {
            read++;
        }

        Assert.Equal((fromFile.Input.RecordsRead, fromFile.Input.RecordsUsed, fromFile.Input.OutsidePeriod, fromFile.Input.DroppedByBound, fromFile.Input.BeyondTwiceBound),
            (fromStream.Input.RecordsRead, fromStream.Input.RecordsUsed, fromStream.Input.OutsidePeriod, fromStream.Input.DroppedByBound, fromStream.Input.BeyondTwiceBound));
        Assert.Equal(fromFile.Input.Linkage!.People, fromStream.Input.Linkage!.People);
        Assert.Equal(1_500, fromStream.Input.RecordsRead);
        Assert.Equal(1_500, read);
        Assert.True(stream.CanRead && records.CanRead);
    }

    private static ArrestMonth Month(string text) => ArrestMonth.TryParse(text, out var m) ? m : throw new FormatException(text);
}
