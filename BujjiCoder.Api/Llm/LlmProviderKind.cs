namespace BujjiCoder.Api.Llm;

/// <summary>The wire protocols the assistant can talk; self-hosted servers (Ollama, vLLM, LM Studio, DeepSeek) speak OpenAI's.</summary>
internal enum LlmProviderKind
{
    OpenAI,
    AzureOpenAI,
    Anthropic,
    OpenAICompatible,
}
