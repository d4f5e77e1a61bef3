using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace BujjiCoder.Api.Llm;

/// <summary>Builds each provider's official SDK client and hands it out as Microsoft.Extensions.AI's <see cref="IChatClient"/>.</summary>
internal static class ChatClientFactory
{
    // Ollama and most self-hosted servers ignore the key, but the SDK refuses an empty one.
    private const string UnusedKey = "unused";

    // For callers without outbound rules of their own (tests, tools); one pool for all providers.
    private static readonly HttpClient DefaultHttp = new(LlmHttpHandler.Create()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <param name="httpClient">
    /// When given, every request goes through it (its handler enforces which addresses we may call); the returned
    /// client does not dispose it. Build its handler on <see cref="LlmHttpHandler.Create"/> so that cancelled streams
    /// stop the provider at once.
    /// </param>
    /// <remarks>
    /// The SDKs' own retries are switched off: <see cref="ResilientChatClient"/> owns retrying, and two layers of
    /// retries would multiply calls and hide failures from the circuit breaker.
    /// </remarks>
    public static IChatClient Create(ProviderConnection connection, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.Model);
        httpClient ??= DefaultHttp;
        return connection.Kind switch
        {
            LlmProviderKind.OpenAI => OpenAI(connection, httpClient),
            LlmProviderKind.OpenAICompatible => OpenAI(connection with { Endpoint = Required(connection) }, httpClient),
            LlmProviderKind.AzureOpenAI => AzureOpenAI(connection, httpClient),
            LlmProviderKind.Anthropic => Anthropic(connection, httpClient),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Kind, "Unknown provider kind."),
        };
    }

    private static IChatClient OpenAI(ProviderConnection connection, HttpClient httpClient)
    {
        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        if (connection.Endpoint is not null)
        {
            options.Endpoint = connection.Endpoint;
        }

        var key = string.IsNullOrEmpty(connection.ApiKey) ? UnusedKey : connection.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(connection.Model).AsIChatClient();
    }

    private static IChatClient AzureOpenAI(ProviderConnection connection, HttpClient httpClient)
    {
        var options = new AzureOpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(httpClient),
        };

        if (connection.AzureApiVersion is { Length: > 0 } version)
        {
            options.AddPolicy(new AzureApiVersionPolicy(version), PipelinePosition.PerCall);
        }

        var client = new AzureOpenAIClient(Required(connection), new ApiKeyCredential(connection.ApiKey), options);
        return client.GetChatClient(connection.Model).AsIChatClient();
    }

    private static IChatClient Anthropic(ProviderConnection connection, HttpClient httpClient)
    {
        var options = new ClientOptions
        {
            // Set explicitly, so no ANTHROPIC_* variable or profile in the server's environment is consulted.
            ApiKey = connection.ApiKey,
            MaxRetries = 0,
            // Stated rather than left to the SDK's default: a long answer must be cut by ResilientChatClient's
            // timeout (which maps and counts it), not by a hidden one.
            Timeout = TimeSpan.FromMinutes(10),
            HttpClient = new HttpClient(new AnthropicTransportHandler(httpClient, TimeProvider.System))
            {
                // Timeouts are the resilience layer's (and the caller's client's) business.
                Timeout = Timeout.InfiniteTimeSpan,
            },
        };
        if (connection.Endpoint is not null)
        {
            // The SDK appends /v1/messages itself.
            options.BaseUrl = connection.Endpoint.ToString().TrimEnd('/');
        }

        return new AnthropicClient(options).AsIChatClient(connection.Model);
    }

    private static Uri Required(ProviderConnection connection) => connection.Endpoint
        ?? throw new ArgumentException($"{connection.Kind} needs an endpoint.", nameof(connection));
}
