namespace BujjiCoder.Api.Llm;

/// <summary>
/// The bottom of the HttpClient handed to the Anthropic SDK. It does two things the SDK cannot be told to do:
/// send through the caller's HttpClient (whose handler enforces outbound-address rules) without the SDK owning,
/// and so disposing, that client; and keep a 429's Retry-After, which the SDK's exceptions drop.
/// </summary>
internal sealed class AnthropicTransportHandler : HttpMessageHandler
{
    private readonly HttpClient _outbound;
    private readonly TimeProvider _time;

    /// <param name="outbound">The client that really sends.</param>
    public AnthropicTransportHandler(HttpClient outbound, TimeProvider time)
    {
        _outbound = outbound;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await _outbound.SendAsync(Copy(request), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        if (LlmErrors.IsRateLimited(response))
        {
            var retryAfter = LlmErrors.RetryAfter(response, _time.GetUtcNow());
            response.Dispose();
            // Thrown from below the SDK, it passes through untouched (the SDK only wraps HttpRequestException).
            throw LlmErrors.FromStatus(429, retryAfter, null);
        }

        return response;
    }

    // HttpClient refuses to send a request twice, and the SDK's client has already marked this one as sent.
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }
}
