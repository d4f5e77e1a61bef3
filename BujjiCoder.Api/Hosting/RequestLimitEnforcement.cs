using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// Request limits in one place: Kestrel's body, header and timing limits, form limits, JSON depth and strict enums,
/// request timeouts, and the refusal of bodies over their endpoint's limit (which endpoints raise through
/// <see cref="RequestLimits"/>).
/// </summary>
internal static class RequestLimitEnforcement
{
    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
        });
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<RequestLimitOptions>>((form, options) =>
        {
            form.MultipartBodyLengthLimit = options.Value.MaxFormBytes;
            form.BufferBodyLengthLimit = options.Value.MaxFormBytes;
            form.ValueLengthLimit = (int)Math.Min(options.Value.MaxFormBytes, int.MaxValue);
            form.ValueCountLimit = options.Value.MaxFormValueCount;
        });
        builder.Services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<RequestLimitOptions>>((json, options) =>
        {
            json.SerializerOptions.MaxDepth = options.Value.MaxJsonDepth;
            json.SerializerOptions.Converters.Add(new StrictEnumConverterFactory());
        });
        builder.Services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(StrictEnumSchemas.Describe);

        // Binding failures (malformed JSON, a wrong type, an oversized body) are thrown in every environment, so that one
        // handler answers them all with problem details that never echo the input or name internal types.
        builder.Services.PostConfigure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var earlier = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                BadRequestExceptionHandler.DescribeBodyProblem(context);
            };
        });

        builder.Services.AddRequestTimeouts();
        builder.Services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<RequestLimitOptions>>((timeouts, options) =>
        {
            timeouts.DefaultPolicy = Policy(options.Value.RequestTimeout);
            timeouts.AddPolicy(RequestLimits.LlmTimeout, Policy(options.Value.LlmRequestTimeout));
            timeouts.AddPolicy(RequestLimits.TransferTimeout, Policy(options.Value.TransferRequestTimeout));
        });
        return builder;
    }

    /// <summary>Inside authentication and rate limiting, so a timed-out request has already been counted and identified.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseRequestTimeouts();
        app.Use(RefuseOversizeBodiesAsync);
        return app;
    }

    /// <summary>
    /// A body that says (Content-Length) it is over its endpoint's limit is answered 413 before the endpoint runs. Kestrel
    /// would refuse it too, then close the connection with the body unread, which a client still sending sees as a reset
    /// instead of the answer; so one that is only a little over (<c>OversizeDrainBytes</c>) is read to its end first.
    /// Bodies without a length are counted by Kestrel while they are read.
    /// </summary>
    private static async Task RefuseOversizeBodiesAsync(HttpContext context, RequestDelegate next)
    {
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var endpoint = context.GetEndpoint();
        var limit = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpointLimit ? endpointLimit.MaxRequestBodySize : size?.MaxRequestBodySize;
        if (endpoint is null || context.Request.ContentLength is not { } length || limit is null || length <= limit || size is null || size.IsReadOnly)
        {
            await next(context);
            return;
        }

        var drain = context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.OversizeDrainBytes;
        // A client that asked "Expect: 100-continue" is waiting for this answer and has not sent the body.
        if (length - limit <= drain && !context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            size.MaxRequestBodySize = length;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        await BadRequestExceptionHandler.TooLarge(limit).ExecuteAsync(context);
    }

    /// <summary>
    /// A timed-out request is cancelled and answers 503 <c>request-timeout</c>; a response already streaming is cut off
    /// instead. Zero means no timeout.
    /// </summary>
    private static RequestTimeoutPolicy Policy(TimeSpan timeout) => new()
    {
        Timeout = timeout > TimeSpan.Zero ? timeout : null,
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = context => Problems.Create(StatusCodes.Status503ServiceUnavailable, "request-timeout", "Request timed out",
            "The server stopped this request because it took too long. Try again later.").ExecuteAsync(context),
    };
}
