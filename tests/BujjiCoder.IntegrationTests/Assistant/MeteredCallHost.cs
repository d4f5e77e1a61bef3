using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>
/// The Api on PostgreSQL with a chat model served by the fake LLM server. The provider has a name of its own: circuit
/// breakers are per provider name and process-wide, and these tests make the provider fail on purpose.
/// </summary>
public sealed class MeteredCallHost(TestInfrastructure infrastructure) : FakeLlmApiHost(infrastructure)
{
    public const string Model = "metered-model";

    public const string Provider = "meteredfake";

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Auth:RegistrationMode"] = "Open",
        [$"Llm:Providers:{Provider}:Kind"] = "OpenAICompatible",
        [$"Llm:Providers:{Provider}:Endpoint"] = LlmEndpoint,
        [$"Llm:Providers:{Provider}:ApiKey"] = "sk-metered-server-key-0000",
        ["Llm:Models:0:Id"] = Model,
        ["Llm:Models:0:Provider"] = Provider,
        ["Llm:Models:0:InputPricePerMillion"] = "1",
        ["Llm:Models:0:OutputPricePerMillion"] = "2",
        ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
    };
}
