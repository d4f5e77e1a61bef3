using BujjiCoder.Workspaces.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Http;

/// <summary>
/// What endpoints say about their own limits: the request timeout policies they may name, and the conventions that raise
/// the body limit where bigger requests are legitimate. The pipeline (<c>RequestLimitEnforcement</c>) applies them.
/// </summary>
internal static class RequestLimits
{
    /// <summary>Request timeout policy of endpoints that wait for a language model.</summary>
    public const string LlmTimeout = "llm";

    /// <summary>Request timeout policy of endpoints that move archives.</summary>
    public const string TransferTimeout = "transfer";

    /// <summary>What a file upload may carry beyond the file itself before Kestrel stops reading.</summary>
    private const long FileBodySlack = 64 * 1024;

    /// <summary>Lets the endpoint take a JSON body of up to <c>Http:Limits:MaxCodeRequestBodyBytes</c>.</summary>
    public static TBuilder WithCodeBodyLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new RequestSizeLimitAttribute(
            endpoint.ApplicationServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxCodeRequestBodyBytes)));
        return builder;
    }

    /// <summary>Lets the endpoint take a raw file of up to <c>Workspaces:MaxFileBytes</c>; the endpoint counts the exact limit itself.</summary>
    public static TBuilder WithFileBodyLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new RequestSizeLimitAttribute(
            endpoint.ApplicationServices.GetRequiredService<IOptions<WorkspaceLimits>>().Value.MaxFileBytes + FileBodySlack)));
        return builder;
    }
}
