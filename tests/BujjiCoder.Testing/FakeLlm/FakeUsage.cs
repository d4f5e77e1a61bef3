namespace BujjiCoder.Testing.FakeLlm;

/// <summary>Token counts reported for one call.</summary>
internal sealed record FakeUsage(int Input, int Output);
