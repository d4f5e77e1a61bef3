using System.Globalization;
using BujjiCoder.Api.Http;

namespace BujjiCoder.Api.Llm;

/// <summary>The problem responses of endpoints that call a model, the same for chat, composer and anything after them.</summary>
internal static class LlmProblems
{
    public static IResult NoKey(string provider) =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, "no-provider-key", "No key for this provider",
            $"Neither the server nor you have a key for '{provider}'. Add yours at /api/v1/me/provider-keys/{provider}.");

    /// <summary>The provider's failure, with its Retry-After passed on when it sent one (a 429 or an open breaker).</summary>
    public static IResult From(LlmProviderException failure, HttpResponse response)
    {
        if (failure.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Problems.Create(failure.Status, "provider-error", "The model provider failed", failure.Message);
    }
}
