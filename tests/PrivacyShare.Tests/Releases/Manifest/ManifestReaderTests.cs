using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using PrivacyShare.Privacy;
using PrivacyShare.Releases.Manifest;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Releases.Manifest;

/// <summary>
/// The manifest's fast reader against the serializer it stands in for: where it reads, it reads what
/// the serializer reads; everything else it leaves to the serializer, so <c>ManifestJson.Read</c> gives
/// the serializer's result or the serializer's error for any input.
/// </summary>
public sealed class ManifestReaderTests
{
    [Fact]
    public void AManifestWithEveryMemberSet_IsReadAsTheSerializerReadsIt()
    {
        // Every property of every manifest type, filled by reflection, so a member the reader lacks or
        // names differently is missed here: the reader would give up on its key.
        var full = (PackageManifest)Fill(typeof(PackageManifest), new Counter());
        var bytes = ManifestJson.Write(full);

        Assert.True(ManifestReader.TryRead(bytes, out var fast), "the fast reader gave up on a manifest in the form a release writes");
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(ManifestJson.Write(fast!)));
        Assert.Equal(Serialized(bytes), Encoding.UTF8.GetString(ManifestJson.Write(fast!)));
    }

    [Fact]
    public void AReleasesOwnManifest_IsReadByTheFastReader()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoRoot.Path, "tests", "PrivacyShare.Tests", "Fixtures", "release-a5248cb", "datapackage.json"));

        Assert.True(ManifestReader.TryRead(bytes, out var fast));
        Assert.Equal(Serialized(bytes), Encoding.UTF8.GetString(ManifestJson.Write(fast!)));
    }

    [Theory]
    [InlineData("{\"name\":\"a\",\"name\":\"b\"}")]                          // a key twice: the serializer refuses it
    [InlineData("{\"privacy\":{\"domains\":{\"race\":[\"A\"],\"race\":[\"B\"]}}}")]
    [InlineData("{\"resources\":[{\"bytes\":1.5}]}")]                      // a value of another kind
    [InlineData("{\"resources\":[{\"bytes\":\"12\"}]}")]
    [InlineData("{\"privacy\":{\"sequence\":99999999999999999999}}")]
    [InlineData("{\"privacy\":{\"tables\":[{\"contribution_bound\":3000000000}]}}")]
    [InlineData("{\"privacy\":{\"epsilon\":\"1e-3\"}}")]
    [InlineData("{\"privacy\":{\"epsilon\":true}}")]
    [InlineData("{\"created\":\"2026-01-02 03:04:05\"}")]
    [InlineData("{\"resources\":[{\"schema\":{\"fields\":[{\"constraints\":{\"required\":1}}]}}]}")]
    [InlineData("{\"name\":\"a\"} {}")]                                     // two values
    [InlineData("{\"name\":\"a\",}")]                                      // a trailing comma
    [InlineData("{\"name\":\"a\" /* c */}")]                               // a comment
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"name\":")]
    public void WhatTheFastReaderDoesNotRead_TheSerializerJudges(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(ManifestReader.TryRead(bytes, out _));
        Assert.Equal(Outcome(() => JsonSerializer.Deserialize(bytes, ManifestJson.Default.PackageManifest)), Outcome(() => ManifestJson.Read(bytes)));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"name\":null,\"resources\":[null],\"privacy\":{\"tables\":null,\"domains\":{\"race\":[null]}}}")]
    [InlineData("{\"na\\u006De\":\"escaped key\",\"title\":\"\\u00e9t\\u00e9\"}")]
    [InlineData("{\"privacy\":{\"epsilon\":0.25,\"budget\":\"1/3\",\"alpha_noise\":4e-2}}")]
    [InlineData(" \n{ \"name\" : \"spaced\" }\n ")]
    public void EdgesOfTheForm_AreReadAsTheSerializerReadsThem(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(ManifestReader.TryRead(bytes, out var fast));
        Assert.Equal(Outcome(() => JsonSerializer.Deserialize(bytes, ManifestJson.Default.PackageManifest)), fast is null ? "null" : Encoding.UTF8.GetString(ManifestJson.Write(fast)));
    }

    [Fact]
    public void EveryEditOfAManifest_IsReadAsTheSerializerReadsIt()
    {
        // Deleting, doubling or replacing one byte of a full manifest, at every 7th position: whichever
        // reader reads the result, ManifestJson.Read gives the serializer's manifest or its error.
        var bytes = ManifestJson.Write((PackageManifest)Fill(typeof(PackageManifest), new Counter()));
        var fastReads = 0;
        for (var at = 0; at < bytes.Length; at += 7)
        {
            foreach (var edited in new byte[][] { [.. bytes[..at], .. bytes[(at + 1)..]], [.. bytes[..at], bytes[at], .. bytes[at..]], [.. bytes[..at], (byte)'"', .. bytes[(at + 1)..]] })
            {
                var expected = Outcome(() => JsonSerializer.Deserialize(edited, ManifestJson.Default.PackageManifest));
                Assert.Equal(expected, Outcome(() => ManifestJson.Read(edited)));
                if (ManifestReader.TryRead(edited, out var fast))
                {
                    fastReads++;
                    Assert.Equal(expected, fast is null ? "null" : Encoding.UTF8.GetString(ManifestJson.Write(fast)));
                }
            }
        }

        Assert.True(fastReads > 1000, $"only {fastReads} edits were read by the fast reader: the comparison tested little");
    }

    // The serializer's reading, written back out.
    private static string Serialized(byte[] bytes) => Encoding.UTF8.GetString(ManifestJson.Write(JsonSerializer.Deserialize(bytes, ManifestJson.Default.PackageManifest)!));

    // A reading as text: the manifest written back out, "null", or the error's type and message.
    private static string Outcome(Func<PackageManifest?> read)
    {
        try
        {
            return read() is { } manifest ? Encoding.UTF8.GetString(ManifestJson.Write(manifest)) : "null";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private sealed class Counter
    {
        public int Next { get; set; }
    }

    // An instance of a manifest type with every property set to a value of its own.
    private static object Fill(Type type, Counter n)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            property.SetValue(instance, Value(property.PropertyType, n));
            Assert.NotNull(property.GetValue(instance));
        }

        return instance;
    }

    private static object Value(Type type, Counter n)
    {
        var i = ++n.Next;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return $"text {i} \u00e9\"\\";
        }

        if (type == typeof(long))
        {
            return 10_000_000_000L + i;
        }

        if (type == typeof(int))
        {
            return i;
        }

        if (type == typeof(double))
        {
            return i + 0.125;
        }

        if (type == typeof(bool))
        {
            return i % 2 == 0;
        }

        if (type == typeof(Rational))
        {
            return new Rational(i, 7);
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 1, 2, 3, 4, i % 60, TimeSpan.Zero);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(type)!;
            list.Add(Value(type.GetGenericArguments()[0], n));
            list.Add(Value(type.GetGenericArguments()[0], n));
            return list;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var map = (IDictionary)Activator.CreateInstance(type)!;
            map[$"key {i}"] = Value(type.GetGenericArguments()[1], n);
            map[$"key {i} b"] = Value(type.GetGenericArguments()[1], n);
            return map;
        }

        Assert.True(type.Namespace == typeof(PackageManifest).Namespace, $"no value for {type}");
        return Fill(type, n);
    }
}
