using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sentry;
using Sentry.AspNetCore;
using Sentry.Extensibility;

namespace BujjiCoder.ServiceDefaults.ErrorTracking;

/// <summary>
/// Error tracking with Sentry, switched on by <c>Sentry:Dsn</c> and off (no SDK, nothing sent) without one. Unhandled
/// exceptions — requests, and Error-level log records — carry the release, the environment, the trace id of the
/// OpenTelemetry trace they happened in and the signed-in user's id, and go through <see cref="SentryEventScrubber"/> first.
/// </summary>
public static class ErrorTrackingExtensions
{
    public const string SectionName = "Sentry";
    public const string DsnKey = "Sentry:Dsn";

    /// <summary>The DSN the web app reports to, handed to it by <c>GET /api/v1/info</c>; often another Sentry project than the services'.</summary>
    public const string WebDsnKey = "Sentry:WebDsn";

    /// <summary>
    /// The release events are filed under: the service assembly's informational version, the version /api/v1/info reports
    /// (the application's assembly rather than the entry one, which under a test host is the test runner).
    /// </summary>
    public static string ReleaseOf(IHostEnvironment environment)
    {
        try
        {
            return Assembly.Load(new AssemblyName(environment.ApplicationName))
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[DsnKey]);

    /// <summary>Called by <c>AddServiceDefaults</c> after <c>AddSecrets</c>, so the scrubber exists.</summary>
    public static TBuilder AddErrorTracking<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Without a DSN the SDK is never initialised: no hub, no transport, no background worker. Only the Sentry:Dsn
        // setting switches it on (not the SDK's own SENTRY_DSN variable), so configuration has one name for it.
        if (!IsEnabled(builder.Configuration) || builder is not WebApplicationBuilder web)
        {
            // Code that reports what it caught itself (the Worker's job runner) asks for IHub either way.
            builder.Services.TryAddSingleton<IHub>(DisabledHub.Instance);
            return builder;
        }

        var environment = builder.Configuration["Sentry:Environment"] is { Length: > 0 } configured ? configured : builder.Environment.EnvironmentName;
        // Other Sentry:* settings (SampleRate, MinimumEventLevel, MinimumBreadcrumbLevel, Debug, ...) bind as the SDK
        // documents them; what keeps data private is set after every other configuration, so no setting can undo it.
        web.WebHost.UseSentry();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<SentryEventScrubber>();
        builder.Services.AddOptions<SentryAspNetCoreOptions>().PostConfigure<SentryEventScrubber, Microsoft.AspNetCore.Http.IHttpContextAccessor>((options, scrubber, http) =>
        {
            options.Dsn = builder.Configuration[DsnKey];
            options.Release = ReleaseOf(builder.Environment);
            options.Environment = environment;
            // Only the user's id is sent, which SentryContextProcessor adds: no IP address, user name, email or cookies.
            options.SendDefaultPii = false;
            options.MaxRequestBodySize = RequestSize.None;
            // Errors only: traces go to OpenTelemetry, which events link to by trace id.
            options.TracesSampleRate = null;
            options.TracesSampler = null;
            options.AutoSessionTracking = false;
            options.AddEventProcessor(new SentryContextProcessor(http));
            options.SetBeforeSend((sentryEvent, _) => scrubber.Scrub(sentryEvent));
            options.SetBeforeBreadcrumb((breadcrumb, _) => scrubber.Scrub(breadcrumb));
        });
        return builder;
    }
}
