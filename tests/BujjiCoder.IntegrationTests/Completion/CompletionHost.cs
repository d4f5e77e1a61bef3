using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Completion;

/// <summary>
/// The Api on PostgreSQL with a completion model served by the fake LLM server. The provider has a name of its own:
/// circuit breakers are per provider name and process-wide, so other classes' failures must not open this one.
/// </summary>
public sealed class CompletionHost(TestInfrastructure infrastructure) : FakeLlmApiHost(infrastructure)
{
    public const string Model = "complete-model";

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Auth:RegistrationMode"] = "Open",
        ["Llm:Providers:completionfake:Kind"] = "OpenAICompatible",
        ["Llm:Providers:completionfake:Endpoint"] = LlmEndpoint,
        ["Llm:Providers:completionfake:ApiKey"] = "sk-completion-server-key-0000",
        ["Llm:Models:0:Id"] = Model,
        ["Llm:Models:0:Provider"] = "completionfake",
        ["Llm:Models:0:UpstreamModel"] = "upstream-complete",
        ["Llm:Models:0:InputPricePerMillion"] = "1",
        ["Llm:Models:0:OutputPricePerMillion"] = "2",
        ["Llm:CompletionModel"] = Model,
        ["Llm:Resilience:MaxRetries"] = "2",
        ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
    };
}
