using System.Net;
using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Hosting;

/// <summary>Settings of the <c>Http</c> section: CORS origins, HTTPS redirection, trusted proxies.</summary>
internal sealed class HttpHardeningOptions
{
    public const string SectionName = "Http";

    /// <summary>Origins (scheme://host[:port]) whose pages may call the Api with credentials; none by default.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Redirect HTTP to HTTPS; leave off behind a proxy that terminates TLS.</summary>
    public bool HttpsRedirection { get; set; }

    /// <summary>Proxies whose X-Forwarded-For/-Proto are believed (loopback always is).</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// How many trusted proxies may stand between the client and the Api. One for a single front door; more where a
    /// request crosses several (Azure Container Apps: ingress, front door, ingress again). The walk back through
    /// X-Forwarded-For still stops at the first address that is not a trusted proxy, so a client cannot name itself.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;
}

internal sealed class HttpHardeningOptionsValidator : IValidateOptions<HttpHardeningOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpHardeningOptions options)
    {
        foreach (var origin in options.CorsOrigins)
        {
            // Credentials (the refresh cookie) are allowed, so a wildcard would hand them to every site.
            if (origin.Contains('*', StringComparison.Ordinal) || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
            {
                return ValidateOptionsResult.Fail($"Http:CorsOrigins has '{origin}'; give exact origins like https://app.example.com, never a wildcard.");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            return ValidateOptionsResult.Fail($"Http:ForwardLimit must be between 1 and 10 (the proxies in front of the Api); got {options.ForwardLimit}.");
        }

        foreach (var proxy in options.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !System.Net.IPNetwork.TryParse(proxy, out _))
            {
                return ValidateOptionsResult.Fail($"Http:TrustedProxies has '{proxy}', which is neither an IP address nor a CIDR network.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>
/// CORS from configuration, trusted proxies only, HSTS outside Development, no server banner, and response headers
/// that keep API responses out of frames, sniffing, referrers and caches.
/// </summary>
internal static class HttpHardening
{
    public const string CorsPolicy = "configured-origins";

    private static readonly string[] NoStorePrefixes = ["/api/v1/auth", "/api/v1/me/tokens", "/api/v1/me/provider-keys"];

    public static IHostApplicationBuilder AddHttpHardening(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpHardeningOptions>().BindConfiguration(HttpHardeningOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpHardeningOptions>, HttpHardeningOptionsValidator>();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<HttpHardeningOptions>>((cors, http) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. http.Value.CorsOrigins])
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "If-Match", "If-None-Match", AntiforgeryHeader.Name)
                .WithExposedHeaders("ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy")
                .AllowCredentials()));
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpHardeningOptions>>((forwarded, http) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = http.Value.ForwardLimit;
            foreach (var proxy in http.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
            }
        });
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseHttpHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        if (app.Services.GetRequiredService<IOptions<HttpHardeningOptions>>().Value.HttpsRedirection)
        {
            app.UseHttpsRedirection();
        }

        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (!path.StartsWithSegments("/scalar"))
                {
                    // API responses are data, never documents: nothing may load, run or frame them.
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                }

                if (Array.Exists(NoStorePrefixes, prefix => path.StartsWithSegments(prefix)))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCors(CorsPolicy);
        return app;
    }
}
