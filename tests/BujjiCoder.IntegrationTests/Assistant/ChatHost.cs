using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>The Api on PostgreSQL with one OpenAI-compatible provider: the fake LLM server on loopback.</summary>
public sealed class ChatHost(TestInfrastructure infrastructure) : FakeLlmApiHost(infrastructure)
{
    public const string ServerKey = "sk-chat-server-key-0000";

    public LogRecorder Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Auth:RegistrationMode"] = "Open",
        ["Llm:Providers:chatfake:Kind"] = "OpenAICompatible",
        ["Llm:Providers:chatfake:Endpoint"] = LlmEndpoint,
        ["Llm:Providers:chatfake:ApiKey"] = ServerKey,
        ["Llm:Models:0:Id"] = "chat-model",
        ["Llm:Models:0:Provider"] = "chatfake",
        ["Llm:Models:0:UpstreamModel"] = "upstream-chat",
        ["Llm:Models:0:ContextWindow"] = "16000",
        ["Llm:Models:0:MaxOutputTokens"] = "1000",
        ["Llm:Models:0:InputPricePerMillion"] = "0.15",
        ["Llm:Models:0:OutputPricePerMillion"] = "0.60",
        ["Llm:Models:1:Id"] = "cached-model",
        ["Llm:Models:1:Provider"] = "chatfake",
        ["Llm:Models:1:Temperature"] = "0",
        ["Llm:Models:1:InputPricePerMillion"] = "1",
        ["Llm:Models:1:OutputPricePerMillion"] = "2",
        ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
}
