namespace BujjiCoder.Api.Llm;

/// <summary>Everything needed to reach one model at one provider.</summary>
/// <param name="Endpoint">
/// The provider's base URL; null means the public service (not allowed for Azure OpenAI and OpenAI-compatible servers,
/// which have no public default). OpenAI-compatible servers usually want it to end in <c>/v1</c>.
/// </param>
/// <param name="Model">The model id; for Azure OpenAI, the deployment name.</param>
/// <param name="AzureApiVersion">Azure OpenAI's <c>api-version</c>; null keeps the SDK's own.</param>
internal sealed record ProviderConnection(LlmProviderKind Kind, Uri? Endpoint, string ApiKey, string Model, string? AzureApiVersion = null)
{
    // The key is a secret: keep it out of logs and exception messages that print the record.
    public override string ToString() => $"{Kind} {Model} at {Endpoint?.ToString() ?? "the public endpoint"}";
}
