using Azure.Monitor.OpenTelemetry.AspNetCore;
using BujjiCoder.ServiceDefaults.ErrorTracking;
using BujjiCoder.ServiceDefaults.Secrets;
using BujjiCoder.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Bujji Coder service shares: secrets (Key Vault, sample refusal, redaction), telemetry, health
/// endpoints, service discovery and resilient HttpClients. Each service calls <see cref="AddServiceDefaults{TBuilder}"/> first.
/// </summary>
public static class Extensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Tag of the checks that only say the process is up; every other check is a readiness check.</summary>
    public const string LiveTag = "live";

    /// <summary>Activity sources and meters of our own code all start with this prefix.</summary>
    public const string TelemetryPrefix = "BujjiCoder";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // First: Key Vault joins configuration before anything reads it, and the scrubbing processor is ahead of exporters.
        builder.AddSecrets();
        builder.ConfigureLogging();
        // After the secrets: what is sent to Sentry goes through the same scrubber as logs.
        builder.AddErrorTracking();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddManagementListener();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    private static void ConfigureLogging(this IHostApplicationBuilder builder)
    {
        // Outside Development, logs are read by machines (Container Apps, Loki, journald): one JSON object a line.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.IncludeScopes = true;
            });
        }
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore")
                // Npgsql's pool: connections in use and idle, and the pool's maximum (Aspire's integration names the meter too).
                .AddMeter("Npgsql")
                .AddMeter($"{TelemetryPrefix}.*")
                // Scraped on the management port only (ManagementEndpoint); OTLP and Azure Monitor export as before.
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource($"{TelemetryPrefix}.*")
                // Probes hit the health endpoints every few seconds; tracing them would drown real requests.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthRequest(context))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static void AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddOpenTelemetry().UseAzureMonitor();
        }
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        // A dependency that hangs must not hang the probe: every check without a timeout of its own
        // gets HealthChecks:Timeout (5 s by default) and then counts as unhealthy.
        var timeout = builder.Configuration.GetValue("HealthChecks:Timeout", TimeSpan.FromSeconds(5));

        // The checks also run on a timer, so readiness is a gauge (ReadinessMetrics) as well as an endpoint.
        builder.Services.AddSingleton<IHealthCheckPublisher, ReadinessMetrics>();
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = builder.Configuration.GetValue("HealthChecks:PublishDelay", TimeSpan.FromSeconds(5));
            options.Period = builder.Configuration.GetValue("HealthChecks:PublishPeriod", TimeSpan.FromSeconds(30));
        });
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            // Liveness checks answer from the process alone and cannot hang on a dependency: they are spared the timer.
            foreach (var registration in options.Registrations.Where(registration => registration.Timeout == Timeout.InfiniteTimeSpan && !registration.Tags.Contains(LiveTag)))
            {
                registration.Timeout = timeout;
            }
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every dependency answers)
    /// in every environment: orchestrators probe them in production too.
    /// </summary>
    /// <remarks>
    /// Both are short-circuited: routing runs them as soon as it matches, past every middleware of the service
    /// (request logging, hardening headers, authentication, rate limits, authorization, timeouts), none of which a probe
    /// needs, and which cost a liveness answer most of its time (a CPU trace). The health checks themselves still
    /// run, so readiness stays real; <see cref="HealthResponseWriter"/> sets the security headers itself.
    /// </remarks>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableHttpMetrics().DisableValidation().AllowAnonymous().ShortCircuit();

        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableHttpMetrics().DisableValidation().AllowAnonymous().ShortCircuit();

        app.MapManagementEndpoints();
        return app;
    }

    private static bool IsHealthRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
