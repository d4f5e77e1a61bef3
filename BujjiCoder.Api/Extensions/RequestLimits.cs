using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Extensions;

/// <summary>Settings of the <c>Http:Limits</c> section: how big, how many and how long a request may be.</summary>
internal sealed class RequestLimitOptions
{
    public const string SectionName = "Http:Limits";

    /// <summary>Largest body of any request that does not say otherwise (Kestrel's global limit).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest JSON body of the endpoints that carry whole files or diffs: edit, diff preview/apply, completion.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxCodeRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>Time a client has to send the request line and headers (slow-header attacks).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>Default time a request may take before it is cancelled (503); zero turns timeouts off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Chat messages (JSON or a Server-Sent Events stream), composer and completion, which wait for a model; zero = none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LlmRequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Archive import uploads and export downloads, which move up to hundreds of megabytes; zero = none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TransferRequestTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A body whose Content-Length is at most this much over its endpoint's limit is read and thrown away before the 413,
    /// so a client that sends its whole body before reading the answer gets the 413 rather than a reset connection.
    /// Larger ones are refused at once. Zero turns this off.
    /// </summary>
    [Range(0, 64L * 1024 * 1024)]
    public long OversizeDrainBytes { get; set; } = 1024 * 1024;

    /// <summary>Nesting allowed in a JSON body; deeper is 400 before any handler runs.</summary>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Largest form or multipart body read through the form feature (no endpoint takes forms today; the import reads its own multipart).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxFormBytes { get; set; } = 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxFormValueCount { get; set; } = 256;
}

/// <summary>
/// Request limits in one place: Kestrel's body, header and timing limits, form limits, JSON depth and strict enums,
/// request timeouts, and the endpoint conventions that raise a limit where bigger or longer requests are legitimate.
/// </summary>
internal static class RequestLimits
{
    /// <summary>Request timeout policy of endpoints that wait for a language model.</summary>
    public const string LlmTimeout = "llm";

    /// <summary>Request timeout policy of endpoints that move archives.</summary>
    public const string TransferTimeout = "transfer";

    /// <summary>What a file upload may carry beyond the file itself before Kestrel stops reading.</summary>
    private const long FileBodySlack = 64 * 1024;

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
            timeouts.AddPolicy(LlmTimeout, Policy(options.Value.LlmRequestTimeout));
            timeouts.AddPolicy(TransferTimeout, Policy(options.Value.TransferRequestTimeout));
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
