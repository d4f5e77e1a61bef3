namespace BujjiCoder.Testing.FakeLlm;

/// <summary>One request the fake provider received.</summary>
/// <param name="Protocol">Which provider's API was called.</param>
/// <param name="Model">The body's model; for Azure, the deployment in the path.</param>
/// <param name="AuthHeader">The credential header's name as sent (<c>Authorization</c>, <c>api-key</c>, or for Anthropic <c>x-api-key</c> when sent).</param>
/// <param name="AuthValue">Its value, e.g. <c>Bearer sk-…</c>.</param>
/// <param name="ApiVersion">Azure's <c>api-version</c> query parameter.</param>
/// <param name="IncludeUsage">OpenAI's <c>stream_options.include_usage</c>.</param>
public sealed record FakeLlmCall(
    FakeLlmProtocol Protocol,
    string Path,
    string? Model,
    string? AuthHeader,
    string? AuthValue,
    string? ApiVersion,
    IReadOnlyList<FakeMessage> Messages,
    bool Stream,
    bool IncludeUsage);

/// <summary>A message of a received request, its content parts joined.</summary>
public sealed record FakeMessage(string Role, string Text);

public enum FakeLlmProtocol
{
    OpenAI,
    AzureOpenAI,
    Anthropic,
}
