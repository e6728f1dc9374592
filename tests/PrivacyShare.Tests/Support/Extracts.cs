using PrivacyShare.Records;

namespace PrivacyShare.Tests.Support;

/// <summary>Small hand-written canonical extracts for reader tests.</summary>
public static class Extracts
{
    public static readonly string Header = string.Join(",", ArrestSchema.Columns);

    public const string GoodRow =
        "08-00000001,2008-11-13,GARCIA,JOSE,1985-05-28,M,W,H,DO,12345678A,02119,B2,265/15A,A&B WITH DANGEROUS WEAPON,1,Y,Y,N";

    public const string SecondRow =
        "09-00000002,3/7/2009,Smith,Ann,19900102,F,B,N,US,,02124,C11,266/30A,SHOPLIFTING,3,N,N,N";

    /// <summary>The good row with one field replaced, by column name.</summary>
    public static string RowWith(string column, string value)
    {
        var fields = GoodRow.Split(',');
        fields[ArrestSchema.Columns.IndexOf(column)] = value;
        return string.Join(",", fields);
    }

    public static string Csv(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";
}
