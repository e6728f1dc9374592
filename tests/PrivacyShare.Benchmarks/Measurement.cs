namespace PrivacyShare.Benchmarks;

/// <summary>One timed run: how many items in how long, and anything worth printing beside.</summary>
internal sealed record Measurement(long Items, string Unit, TimeSpan Elapsed, string Note = "");
