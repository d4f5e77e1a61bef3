using Microsoft.AspNetCore.HttpLogging;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// ASP.NET Core request logging limited to what can never carry a secret: method, path, protocol, status and
/// duration, one line per request. Query strings, headers (Authorization, Cookie, api-key) and bodies (passwords,
/// tokens, provider keys) are never logged: the interceptor removes them after endpoint metadata and options had
/// their say, so no <c>[HttpLogging]</c> attribute or later configuration can turn them back on. Lines are written
/// at Information under <c>Microsoft.AspNetCore.HttpLogging</c>, so the log level decides whether there are any.
/// </summary>
internal sealed class SafeRequestLogging : IHttpLoggingInterceptor
{
    public const HttpLoggingFields Fields =
        HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestProtocol
        | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;

    private const HttpLoggingFields Never =
        HttpLoggingFields.RequestQuery | HttpLoggingFields.RequestHeaders | HttpLoggingFields.ResponseHeaders
        | HttpLoggingFields.RequestBody | HttpLoggingFields.ResponseBody
        | HttpLoggingFields.RequestTrailers | HttpLoggingFields.ResponseTrailers;

    public static void Configure(HttpLoggingOptions options)
    {
        options.LoggingFields = Fields;
        options.CombineLogs = true;
        options.RequestHeaders.Clear();
        options.ResponseHeaders.Clear();
    }

    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        // Probes every few seconds would drown real requests.
        if (logContext.HttpContext.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            logContext.LoggingFields = HttpLoggingFields.None;
        }

        logContext.LoggingFields &= ~Never;
        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext)
    {
        logContext.LoggingFields &= ~Never;
        return ValueTask.CompletedTask;
    }
}
