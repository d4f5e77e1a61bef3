using System.ClientModel;
using System.Globalization;
using System.Net;
using Anthropic.Exceptions;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Translates what the SDKs throw into <see cref="LlmProviderException"/>: the provider's problems are a bad gateway
/// to our callers (502), its rate limits stay 429 so clients can back off, and silence is a gateway timeout (504).
/// </summary>
internal static class LlmErrors
{
    /// <summary>The mapped exception, or null when the exception is not about talking to a provider.</summary>
    public static LlmProviderException? Map(Exception exception)
    {
        // SDKs and M.E.AI sometimes wrap; the first recognisable exception in the chain decides.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (MapOne(current, exception) is { } mapped)
            {
                return mapped;
            }
        }

        return null;
    }

    private static LlmProviderException? MapOne(Exception exception, Exception original) => exception switch
    {
        LlmProviderException already => already,
        ClientResultException { Status: > 0 } result => FromStatus(result.Status, RetryAfter(result.GetRawResponse()?.Headers), original),
        ClientResultException => new LlmProviderException(502, "The provider could not be reached.", null, original),
        AnthropicApiException api => FromStatus((int)api.StatusCode, null, original),
        AnthropicSseException => new LlmProviderException(502, "The provider reported an error mid-stream.", null, original),
        AnthropicIOException => new LlmProviderException(502, "The provider could not be reached.", null, original),
        HttpRequestException { StatusCode: { } status } => FromStatus((int)status, null, original),
        HttpRequestException or IOException => new LlmProviderException(502, "The provider could not be reached.", null, original),
        // Cancellation nobody asked for is a timeout (HttpClient.Timeout, an SDK's own timer, ours).
        TimeoutException or OperationCanceledException => new LlmProviderException(504, "The provider did not answer in time.", null, original),
        _ => null,
    };

    public static LlmProviderException FromStatus(int status, TimeSpan? retryAfter, Exception? inner) => status switch
    {
        429 => new(429, "The provider is rate limiting requests.", retryAfter, inner) { UpstreamStatus = status },
        401 or 403 => new(502, "The provider rejected the key.", null, inner) { UpstreamStatus = status },
        408 => new(504, "The provider did not answer in time.", null, inner) { UpstreamStatus = status },
        >= 500 => new(502, $"The provider failed ({status}).", retryAfter, inner) { UpstreamStatus = status },
        _ => new(502, $"The provider rejected the request ({status}).", null, inner) { UpstreamStatus = status },
    };

    private static TimeSpan? RetryAfter(System.ClientModel.Primitives.PipelineResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        // OpenAI sends the precise retry-after-ms next to the whole-second standard header.
        if (headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, DateTimeOffset.UtcNow) : null;
    }

    /// <summary>Retry-After is either delta-seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }

    /// <summary>Reads Retry-After from a raw HTTP response (for SDKs whose exceptions drop the headers).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

    public static bool IsRateLimited(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.TooManyRequests;
}
