using BujjiCoder.Api.Llm;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>A connection per provider kind pointing at the fake, and what the fake should then see.</summary>
internal static class FakeProviders
{
    public static ProviderConnection Connection(LlmProviderKind kind, FakeLlmServer fake) => kind switch
    {
        // The public OpenAI endpoint ends in /v1; so does the override.
        LlmProviderKind.OpenAI => new(kind, new Uri(fake.BaseUrl, "v1"), "sk-openai-test", "gpt-4o-mini"),
        // Some self-hosted servers serve at the root.
        LlmProviderKind.OpenAICompatible => new(kind, fake.BaseUrl, "ollama-test", "llama3.2"),
        LlmProviderKind.AzureOpenAI => new(kind, fake.BaseUrl, "azure-test-key", "gpt4o-deployment", "2024-10-21"),
        LlmProviderKind.Anthropic => new(kind, fake.BaseUrl, "sk-ant-test", "claude-sonnet-4-5"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static (string Header, string Value) ExpectedAuth(ProviderConnection connection) => connection.Kind switch
    {
        LlmProviderKind.AzureOpenAI => ("api-key", connection.ApiKey),
        // Not x-api-key: the official C# SDK sends API keys as a bearer token, which the API accepts.
        _ => ("Authorization", "Bearer " + connection.ApiKey),
    };

    public static string ExpectedPath(LlmProviderKind kind) => kind switch
    {
        LlmProviderKind.OpenAI => "/v1/chat/completions",
        LlmProviderKind.OpenAICompatible => "/chat/completions",
        LlmProviderKind.AzureOpenAI => "/openai/deployments/gpt4o-deployment/chat/completions",
        _ => "/v1/messages",
    };
}
